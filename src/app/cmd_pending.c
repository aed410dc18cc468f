/* cmd_pending.c - TEMPORARY: commands being written; removed when they land. */
#include "app/app.h"
