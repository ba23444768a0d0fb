#!/usr/bin/env bash
# The baseline of bench/run: the doctor's probes sent one after another with
# curl, one process and one connection each, as a user checking by hand would.
#
#   bench/sequential-curl.sh PROBES CREDENTIAL
#
# PROBES: one probe a line, "caller<TAB>method<TAB>url", in the doctor's order
#   (bench/run writes it from the `checks[].evidence[]` of a JSON report);
#   caller is `anonymous`, `bogus` (the doctor's fake account), `basic` or
#   `bearer` (the user's credential).
# CREDENTIAL: a curl config file holding the user's credential, as
#   `user = "email:token"` or `header = "Authorization: Bearer token"`,
#   so that the token never shows on a command line.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 PROBES CREDENTIAL" >&2
    exit 2
fi
probes=$1
credential=$2

while IFS=$'\t' read -r caller method url; do
    case $caller in
        anonymous) auth=() ;;
        bogus) auth=(-u 'confauth-probe@example.invalid:not-a-real-token') ;;
        basic | bearer) auth=(-K "$credential") ;;
        *)
            echo "$0: unknown caller \`$caller\`" >&2
            exit 2
            ;;
    esac
    case $url in
        http://127.0.0.1:*) ;;
        *)
            echo "$0: refusing a probe off loopback: $url" >&2
            exit 2
            ;;
    esac
    if [[ $method == GET ]]; then
        curl -s -o /dev/null --noproxy '*' "${auth[@]}" "$url"
    else
        curl -s -o /dev/null --noproxy '*' -X "$method" "${auth[@]}" "$url"
    fi
done <"$probes"
