/* schema.h - numbered migrations of the register's schema. */
#ifndef PD_STORE_SCHEMA_H
#define PD_STORE_SCHEMA_H
int pd_schema_count(void);
/* SQL of migration i (0-based); it brings user_version from i to i+1. */
const char *pd_schema_migration(int i);
#endif
