#!/bin/sh
# Makes a throwaway test PKI for the district server and the sync tests.
#   scripts/make-test-pki.sh DIR [--force]
#
# Writes into DIR (created if missing):
#   ca.pem ca.key                 the test CA
#   server.pem server.key         server cert for localhost, 127.0.0.1 and ::1
#   client.pem client.key         client cert (mutual TLS), CN = 330205001001
#   other-ca.pem other-ca.key     a second, unrelated CA
#   other-server.pem .key         server cert (right names) signed by other-ca
#   expired-server.pem .key       server cert (right names) signed by ca,
#                                 valid 2011-01-01 .. 2011-12-31 only
#   wrong-host.pem .key           server cert signed by ca for
#                                 "district.example" only
# plus the openssl ca bookkeeping under DIR/ca-db/ and DIR/other-ca-db/.
#
# Keys are EC P-256 and mode 0600. Every validity period starts one day in the
# past, so a clock a little behind does not break the tests. Idempotent: a
# complete, still valid set is left alone (exit 0); anything missing, expired
# or inconsistent makes the whole set anew. --force always makes it anew.
set -eu

PKI_VERSION=1

die() { echo "make-test-pki: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: make-test-pki.sh DIR [--force]"
dir=$1
force=0
[ "${2:-}" = "--force" ] && force=1
command -v openssl >/dev/null 2>&1 || die "openssl not found (apt-get install openssl)"

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

ALL="ca.pem ca.key server.pem server.key client.pem client.key
other-ca.pem other-ca.key other-server.pem other-server.key
expired-server.pem expired-server.key wrong-host.pem wrong-host.key"

is_complete() {
    [ -f "$dir/pki.version" ] || return 1
    [ "$(cat "$dir/pki.version")" = "$PKI_VERSION" ] || return 1
    for f in $ALL; do [ -s "$dir/$f" ] || return 1; done
    for c in ca server client wrong-host; do
        openssl x509 -noout -checkend 86400 -in "$dir/$c.pem" >/dev/null 2>&1 || return 1
    done
    openssl x509 -noout -checkend 86400 -in "$dir/other-server.pem" >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$dir/ca.pem" "$dir/server.pem" "$dir/client.pem" \
        "$dir/wrong-host.pem" >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$dir/other-ca.pem" "$dir/other-server.pem" >/dev/null 2>&1 || return 1
    return 0
}

if [ "$force" = 0 ] && is_complete; then
    echo "make-test-pki: $dir already holds a valid test PKI"
    exit 0
fi

# Start again from nothing: stale halves of an old set must not mix in.
for f in $ALL pki.version ca.cnf other-ca.cnf; do rm -f "$dir/$f"; done
rm -rf "$dir/ca-db" "$dir/other-ca-db" "$dir/csr"
mkdir -p "$dir/csr"

# openssl ca wants dates as YYYYMMDDHHMMSSZ (UTC).
START=$(date -u -d '1 day ago' +%Y%m%d%H%M%SZ)
CA_END=$(date -u -d '+3650 days' +%Y%m%d%H%M%SZ)
LEAF_END=$(date -u -d '+825 days' +%Y%m%d%H%M%SZ)

# write_ca_config NAME: the minimal config `openssl ca` needs, one per CA.
write_ca_config() {
    name=$1
    mkdir -p "$dir/$name-db/new"
    : > "$dir/$name-db/index.txt"
    echo "unique_subject = no" > "$dir/$name-db/index.txt.attr"
    openssl rand -hex 8 > "$dir/$name-db/serial"
    cat > "$dir/$name.cnf" <<EOF
# Written by scripts/make-test-pki.sh for the throwaway test CA "$name".
[ ca ]
default_ca = this_ca

[ this_ca ]
dir             = $dir/$name-db
database        = \$dir/index.txt
new_certs_dir   = \$dir/new
serial          = \$dir/serial
certificate     = $dir/$name.pem
private_key     = $dir/$name.key
default_md      = sha256
policy          = policy_any
unique_subject  = no
copy_extensions = none
email_in_dn     = no
preserve        = yes

[ policy_any ]
organizationName = optional
commonName       = supplied

[ req ]
distinguished_name = req_dn
string_mask        = utf8only

[ req_dn ]

[ ca_ext ]
basicConstraints       = critical,CA:TRUE
keyUsage               = critical,keyCertSign,cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ server_ext ]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost,IP:127.0.0.1,IP:::1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid,issuer

[ wrong_host_ext ]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:district.example
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid,issuer

[ client_ext ]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid,issuer
EOF
}

# new_key NAME: EC P-256 private key, mode 0600 from the start.
new_key() {
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -out "$dir/$1.key" 2>/dev/null)
    chmod 600 "$dir/$1.key"
}

# new_csr NAME SUBJECT
new_csr() {
    openssl req -new -config "$dir/ca.cnf" -key "$dir/$1.key" -subj "$2" \
        -out "$dir/csr/$1.csr"
}

# sign CA NAME EXTENSIONS START END [extra openssl ca args]
sign() {
    ca=$1 name=$2 ext=$3 s=$4 e=$5
    shift 5
    openssl ca -batch -notext -config "$dir/$ca.cnf" -extensions "$ext" \
        -startdate "$s" -enddate "$e" -in "$dir/csr/$name.csr" \
        -out "$dir/$name.pem" "$@" 2>"$dir/csr/$name.log" \
        || { cat "$dir/csr/$name.log" >&2; die "signing $name failed"; }
    chmod 644 "$dir/$name.pem"
}

# make_ca NAME SUBJECT: a self-signed CA, through `openssl ca -selfsign` so
# that its start date can be set too.
make_ca() {
    write_ca_config "$1"
    new_key "$1"
    openssl req -new -config "$dir/$1.cnf" -key "$dir/$1.key" -subj "$2" \
        -out "$dir/csr/$1.csr"
    sign "$1" "$1" ca_ext "$START" "$CA_END" -selfsign -keyfile "$dir/$1.key"
}

make_ca ca "/O=popdesk test/CN=popdesk test CA"
make_ca other-ca "/O=unrelated test/CN=unrelated test CA"

new_key server
new_csr server "/O=popdesk test/CN=localhost"
sign ca server server_ext "$START" "$LEAF_END"

new_key client
new_csr client "/O=popdesk test station/CN=330205001001"
sign ca client client_ext "$START" "$LEAF_END"

new_key other-server
new_csr other-server "/O=unrelated test/CN=localhost"
sign other-ca other-server server_ext "$START" "$LEAF_END"

new_key expired-server
new_csr expired-server "/O=popdesk test/CN=localhost"
sign ca expired-server server_ext 20110101000000Z 20111231235959Z

new_key wrong-host
new_csr wrong-host "/O=popdesk test/CN=district.example"
sign ca wrong-host wrong_host_ext "$START" "$LEAF_END"

rm -rf "$dir/csr"
echo "$PKI_VERSION" > "$dir/pki.version"
is_complete || die "the new PKI in $dir does not verify"
echo "make-test-pki: made a test PKI in $dir"
