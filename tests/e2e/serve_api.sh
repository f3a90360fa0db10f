#!/bin/bash
# govreport serve: every endpoint of the JSON API and every refusal of issue 23's "Safety"
# list, with curl against a server on a free port: the token (401, the cookie, 403 for a
# change without the header), Host (421), --max-upload (413 before the body is read, and on
# a chunked body), names (400), If-Match (412), the schema (422, nothing written), the
# headers, the log line, a stalled client, TLS, and SIGTERM finishing a render in flight
# (exit 0; under ASan, no leak).
# Usage: serve_api.sh path/to/govreport source-dir
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh"
need_fonts "$GR"
command -v curl >/dev/null || skip "curl is not installed"
pids=()
on_exit() { # run by e2e-lib.sh before it removes $tmp
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
}
mkdir "$tmp/data"
cp "$SRC/samples/shanyang-2025.xml" "$tmp/data/"
SAMPLE=$SRC/samples/shanyang-2025.xml
# A broken report: 三、一、本年新收 总计 29 → 30 breaks a balance rule (E-BALANCE).
sed 's|other="0" total="29"/>|other="0" total="30"/>|' "$SAMPLE" >"$tmp/broken.xml"
cmp -s "$SAMPLE" "$tmp/broken.xml" && fail "the broken report is the sample"

# start_server OUT ERR ARGS...: starts the server, waits for its first line; sets pid, URL,
# TOKEN, PORT, BASE.
start_server() {
    local out=$1 err=$2
    shift 2
    "$GR" serve "$@" >"$out" 2>"$err" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 1 300); do
        [ -s "$out" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    URL=$(head -n1 "$out")
    TOKEN=${URL##*token=}
    PORT=$(echo "$URL" | sed -n 's|^https\{0,1\}://[^/]*:\([0-9]*\)/.*|\1|p')
    BASE=${URL%%/\?token=*}
}

# req NAME EXPECTED-STATUS CURL-ARGS...: the status must be EXPECTED; body in $tmp/body,
# headers in $tmp/hdr.
req() {
    local what=$1 want=$2
    shift 2
    local got
    got=$(curl -sS --path-as-is --max-time 60 -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' "$@")
    if [ "$got" != "$want" ]; then
        fail "$what: HTTP $got, expected $want"
        head -c 2000 "$tmp/body"
        echo
    else
        echo "ok   $what ($got)"
    fi
}
AUTH=()
auth() { AUTH=(-H "Authorization: Bearer $TOKEN"); }

start_server "$tmp/out" "$tmp/log" --listen 127.0.0.1:0 --data "$tmp/data" --max-upload 1M
auth
grep -Eq '^http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{64}$' "$tmp/out" ||
    fail "first line is not http://127.0.0.1:PORT/?token=TOKEN: $(head -n1 "$tmp/out")"
sed -n 2p "$tmp/out" | grep -q "$tmp/data" || fail "second line does not name the data folder"
[ -n "$PORT" ] && [ "$PORT" != 0 ] || { fail "no port"; cat "$tmp/log"; exit 1; }

# ---- the token ----
req "no token" 401 "$BASE/api/reports"
req "no token on the page" 401 "$BASE/"
grep -q '需要令牌' "$tmp/body" || fail "the page without the token does not say what to do"
req "a wrong bearer token" 401 -H "Authorization: Bearer 0123" "$BASE/api/reports"
case $TOKEN in *0) wrong=${TOKEN%?}1 ;; *) wrong=${TOKEN%?}0 ;; esac
req "a wrong token in the address" 401 "$BASE/?token=$wrong"
req "the token in the address opens the page" 303 "$BASE/?token=$TOKEN"
grep -qi "^set-cookie: govreport_$PORT=$TOKEN; .*HttpOnly" "$tmp/hdr" || fail "no HttpOnly cookie"
grep -qi "^set-cookie:.*SameSite=Strict" "$tmp/hdr" || fail "cookie is not SameSite=Strict"
grep -qi "^location: /\s*$" "$tmp/hdr" || fail "the redirect keeps the token in the address"
COOKIE=(-H "Cookie: govreport_$PORT=$TOKEN")
req "the page with the cookie" 200 "${COOKIE[@]}" "$BASE/"
grep -q "content=\"$TOKEN\"" "$tmp/body" || fail "the page does not carry the token for its script"
for h in "content-security-policy: .*frame-ancestors 'none'" "content-security-policy: .*script-src 'self'" \
    "x-content-type-options: nosniff"; do
    grep -qi "^$h" "$tmp/hdr" || fail "page header missing: $h"
done
grep -i "^content-security-policy:" "$tmp/hdr" | grep -q "script-src[^;]*unsafe-inline" &&
    fail "the page's policy allows inline script"
req "an asset with the cookie" 200 "${COOKIE[@]}" "$BASE/app.js"
grep -qi "^content-type: text/javascript" "$tmp/hdr" || fail "app.js content type"
req "the list with the cookie" 200 "${COOKIE[@]}" "$BASE/api/reports"
req "a change with the cookie only (CSRF)" 403 "${COOKIE[@]}" --data-binary @"$SAMPLE" "$BASE/api/check"
req "a PUT with the cookie only" 403 "${COOKIE[@]}" -X PUT --data-binary @"$SAMPLE" "$BASE/api/reports/x.xml"
[ -e "$tmp/data/x.xml" ] && fail "a refused PUT wrote a file"
req "a DELETE with the cookie only" 403 "${COOKIE[@]}" -X DELETE "$BASE/api/reports/shanyang-2025.xml"
[ -e "$tmp/data/shanyang-2025.xml" ] || fail "a refused DELETE removed the file"

# ---- Host (DNS rebinding) ----
req "a foreign Host" 421 "${AUTH[@]}" -H "Host: attacker.example:$PORT" "$BASE/api/reports"
req "a foreign Host with the right port and no token" 421 -H "Host: evil.test" "$BASE/?token=$TOKEN"
req "Host localhost" 200 "${AUTH[@]}" -H "Host: localhost:$PORT" "$BASE/api/reports"
req "Host 127.0.0.1" 200 "${AUTH[@]}" "$BASE/api/info"

# ---- check ----
req "check the sample" 200 "${AUTH[@]}" --data-binary @"$SAMPLE" "$BASE/api/check?name=shanyang-2025.xml"
grep -q '"ok":true' "$tmp/body" || fail "the sample does not check clean: $(cat "$tmp/body")"
grep -q '"diagnostics":\[\]' "$tmp/body" || fail "the sample has diagnostics"
grep -qi '^content-type: application/json' "$tmp/hdr" || fail "check is not JSON"
req "check a broken report" 200 "${AUTH[@]}" --data-binary @"$tmp/broken.xml" "$BASE/api/check?name=broken.xml"
grep -q '"ok":false' "$tmp/body" || fail "the broken report checks clean"
for k in '"code":"E-BALANCE"' '"severity":' '"message":' '"hint":' '"line":' '"col":' '"table":3' '"row":' '"column":'; do
    grep -q "$k" "$tmp/body" || fail "check's diagnostic lacks $k"
done
# the same content as `check --format=json`
"$GR" check --format=json "$tmp/broken.xml" 2>"$tmp/cli.json" >/dev/null
n_cli=$(grep -c '"code"' "$tmp/cli.json")
n_api=$(grep -o '"code":' "$tmp/body" | wc -l)
[ "$n_cli" = "$n_api" ] || fail "check: $n_api diagnostics over HTTP, $n_cli from the CLI"
grep -o '"message":"[^"]*"' "$tmp/cli.json" | sort >"$tmp/m1"
grep -o '"message":"[^"]*"' "$tmp/body" | sort >"$tmp/m2"
cmp -s "$tmp/m1" "$tmp/m2" || fail "check: messages differ from check --format=json"
req "check something that is not a report" 200 "${AUTH[@]}" --data-binary 'hello' "$BASE/api/check?name=x.txt"
grep -q '"ok":false' "$tmp/body" || fail "a word checks as a report"
req "check with a name holding a slash" 400 "${AUTH[@]}" --data-binary @"$SAMPLE" "$BASE/api/check?name=a%2Fb.xml"
if [ -f "$SRC/tests/import/docx/shanyang-2025.docx" ]; then
    req "check the sample's .docx" 200 "${AUTH[@]}" --data-binary @"$SRC/tests/import/docx/shanyang-2025.docx" \
        "$BASE/api/check?name=shanyang-2025.docx"
    grep -q '"errors":0' "$tmp/body" || fail "the .docx does not open clean: $(head -c 600 "$tmp/body")"
fi

# ---- render ----
req "render PDF" 200 "${AUTH[@]}" --data-binary @"$SAMPLE" "$BASE/api/render?format=pdf&name=%E5%B1%B1%E9%98%B3.xml"
grep -qi '^content-type: application/pdf' "$tmp/hdr" || fail "render: not application/pdf"
grep -qi "^content-disposition: attachment; .*filename\*=UTF-8''%E5%B1%B1%E9%98%B3.pdf" "$tmp/hdr" ||
    fail "render: Content-Disposition does not name 山阳.pdf"
head -c 5 "$tmp/body" | grep -q '%PDF-' || fail "render: not a PDF"
if command -v pdftotext >/dev/null; then
    pdftotext "$tmp/body" - | tr -d ' \n' | grep -q '山阳区人民政府' || fail "render: the PDF lacks the issuer"
fi
req "render OFD" 200 "${AUTH[@]}" --data-binary @"$SAMPLE" "$BASE/api/render?format=ofd&name=s.xml"
grep -qi '^content-type: application/ofd' "$tmp/hdr" || fail "render: not application/ofd"
head -c 2 "$tmp/body" | grep -q 'PK' || fail "render: the OFD is not a package"
# The HTML page where the library writes one (the command line says whether it does).
if "$GR" render "$SAMPLE" -o "$tmp/cli.html" >/dev/null 2>&1; then
    html=1
    req "render HTML" 200 "${AUTH[@]}" --data-binary @"$SAMPLE" "$BASE/api/render?format=html&name=s.xml"
    grep -qi '^content-type: text/html' "$tmp/hdr" || fail "render: not text/html"
    grep -qi "^content-disposition: attachment; filename=\"s.html\"" "$tmp/hdr" || fail "render: HTML not named s.html"
    grep -qi "^content-security-policy: .*sandbox" "$tmp/hdr" || fail "render: the HTML page is not sandboxed"
else
    html=0
    echo "note: this build writes no HTML (render -o x.html fails); the server must say so"
    req "render HTML where the library has none" 400 "${AUTH[@]}" --data-binary @"$SAMPLE" "$BASE/api/render?format=html&name=s.xml"
fi
req "render a broken report" 422 "${AUTH[@]}" --data-binary @"$tmp/broken.xml" "$BASE/api/render?format=pdf"
grep -q '"code":"E-BALANCE"' "$tmp/body" || fail "render 422 without the diagnostics"
req "render an unknown format" 400 "${AUTH[@]}" --data-binary @"$SAMPLE" "$BASE/api/render?format=docx"

# ---- open (the page's view of any file) and the template ----
req "open the broken report" 200 "${AUTH[@]}" --data-binary @"$tmp/broken.xml" "$BASE/api/open?name=broken.xml"
grep -q '"xml":"<?xml' "$tmp/body" || fail "open: no XML"
[ $html = 0 ] || grep -q '"html":"' "$tmp/body" || fail "open: no page"
grep -q '"errors":[1-9]' "$tmp/body" || fail "open: no error counted"
req "open the sample's .docx" 200 "${AUTH[@]}" --data-binary @"$SRC/tests/import/docx/shanyang-2025.docx" "$BASE/api/open?name=s.docx"
grep -q '"ok":true,"opened":true,"errors":0' "$tmp/body" || fail "open: the sample's .docx is not clean: $(head -c 300 "$tmp/body")"
grep -q '"issuer":"山阳区人民政府","year":2025' "$tmp/body" || fail "open: no issuer and year"
grep -q '"xml":"<?xml' "$tmp/body" || fail "open: the .docx gives no XML"
req "the template" 200 "${AUTH[@]}" "$BASE/api/template?issuer=%E6%B5%8B%E8%AF%95%E5%8E%BF&year=2025"
cp "$tmp/body" "$tmp/blank.xml"
grep -q '测试县' "$tmp/blank.xml" || fail "template: no issuer"
req "a template year out of range" 400 "${AUTH[@]}" "$BASE/api/template?year=1800"

# ---- the folder: list, get, put, delete ----
req "list" 200 "${AUTH[@]}" "$BASE/api/reports"
for k in '"name":"shanyang-2025.xml"' '"issuer":"山阳区人民政府"' '"year":2025' '"errors":0' '"warnings":' '"codes":\[' '"previous":'; do
    grep -q "$k" "$tmp/body" || fail "list lacks $k"
done
req "get a report" 200 "${AUTH[@]}" "$BASE/api/reports/shanyang-2025.xml"
cmp -s "$tmp/body" "$SAMPLE" || fail "get: not the file's bytes"
ETAG=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(".*"\).*/\1/p' "$tmp/hdr" | tr -d '\r')
[ -n "$ETAG" ] || fail "get: no ETag"
req "get a missing report" 404 "${AUTH[@]}" "$BASE/api/reports/none.xml"
# a FIFO in the data folder: refused at once (gr_file_open_read), never a blocked request
mkfifo "$tmp/data/fifo.xml"
req "get a FIFO" 409 "${AUTH[@]}" "$BASE/api/reports/fifo.xml"
grep -q '不是普通文件' "$tmp/body" || fail "get a FIFO: the answer does not say why: $(cat "$tmp/body")"
req "the list after a FIFO" 200 "${AUTH[@]}" "$BASE/api/reports"
rm -f "$tmp/data/fifo.xml"
req "put a new report" 201 "${AUTH[@]}" -X PUT --data-binary @"$tmp/blank.xml" "$BASE/api/reports/new.xml"
cmp -s "$tmp/blank.xml" "$tmp/data/new.xml" || fail "put: not saved byte for byte"
E1=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(".*"\).*/\1/p' "$tmp/hdr" | tr -d '\r')
req "put with the current If-Match" 200 "${AUTH[@]}" -X PUT -H "If-Match: $E1" --data-binary @"$SAMPLE" "$BASE/api/reports/new.xml"
cmp -s "$SAMPLE" "$tmp/data/new.xml" || fail "put: the replacement was not saved"
req "put with a stale If-Match" 412 "${AUTH[@]}" -X PUT -H "If-Match: $E1" --data-binary @"$tmp/blank.xml" "$BASE/api/reports/new.xml"
cmp -s "$SAMPLE" "$tmp/data/new.xml" || fail "a stale put changed the file"
req "put If-None-Match on an existing name" 412 "${AUTH[@]}" -X PUT -H "If-None-Match: *" --data-binary @"$tmp/blank.xml" "$BASE/api/reports/new.xml"
req "put a report with balance errors (kept: the folder holds work in progress)" 201 "${AUTH[@]}" -X PUT \
    --data-binary @"$tmp/broken.xml" "$BASE/api/reports/broken.xml"
grep -q '"errors":[1-9]' "$tmp/body" || fail "put: the errors are not counted"
sed 's|<year>2025</year>|<year>twenty</year>|' "$SAMPLE" >"$tmp/schema-bad.xml"
req "put a report that fails the schema" 422 "${AUTH[@]}" -X PUT --data-binary @"$tmp/schema-bad.xml" "$BASE/api/reports/bad.xml"
grep -q '"code":"E-SCHEMA"' "$tmp/body" || fail "put 422 without E-SCHEMA"
[ -e "$tmp/data/bad.xml" ] && fail "a report that fails the schema was written"
req "put over a report, failing the schema" 422 "${AUTH[@]}" -X PUT --data-binary @"$tmp/schema-bad.xml" "$BASE/api/reports/new.xml"
cmp -s "$SAMPLE" "$tmp/data/new.xml" || fail "a refused put changed the file"
req "put a .docx as a report" 415 "${AUTH[@]}" -X PUT --data-binary @"$SRC/tests/import/docx/shanyang-2025.docx" "$BASE/api/reports/w.xml"
[ -e "$tmp/data/w.xml" ] && fail "a .docx was saved as XML"
req "put a Chinese name" 201 "${AUTH[@]}" -X PUT --data-binary @"$SAMPLE" "$BASE/api/reports/%E5%B1%B1%E9%98%B3%E5%8C%BA.xml"
[ -f "$tmp/data/山阳区.xml" ] || fail "put: 山阳区.xml not written"
req "the list has the Chinese name" 200 "${AUTH[@]}" "$BASE/api/reports"
grep -q '"name":"山阳区.xml"' "$tmp/body" || fail "list lacks 山阳区.xml"
for bad in '..%2Fx.xml' '%2E%2E%2Fx.xml' 'a%5Cb.xml' '.hidden.xml' '..' 'x.txt' 'a%01b.xml' 'a%00b.xml' \
    'a%7Fb.xml' '%FF%FE.xml' '%E2%80%AEx.xml' 'sub%2Fx.xml'; do
    req "the name $bad" 400 "${AUTH[@]}" -X PUT --data-binary @"$SAMPLE" "$BASE/api/reports/$bad"
done
req "get ..%2F" 400 "${AUTH[@]}" "$BASE/api/reports/..%2Fshanyang-2025.xml"
ls -A "$tmp" | grep -q '^x.xml$' && fail "a name escaped the folder"
ls -A "$tmp/data" | grep -q '^\.' && fail "a hidden or temporary file was left in the folder"
req "delete with a stale If-Match" 412 "${AUTH[@]}" -X DELETE -H "If-Match: $E1" "$BASE/api/reports/new.xml"
[ -f "$tmp/data/new.xml" ] || fail "a stale delete removed the file"
req "delete" 204 "${AUTH[@]}" -X DELETE "$BASE/api/reports/new.xml"
[ -e "$tmp/data/new.xml" ] && fail "delete left the file"
req "delete a missing report" 404 "${AUTH[@]}" -X DELETE "$BASE/api/reports/new.xml"
req "an unknown method" 405 "${AUTH[@]}" -X PATCH "$BASE/api/reports/broken.xml"
req "an unknown endpoint" 404 "${AUTH[@]}" "$BASE/api/nothing"

# ---- sizes: 1 MiB limit ----
head -c 1100000 /dev/zero | tr '\0' 'a' >"$tmp/big"
req "a body over --max-upload" 413 "${AUTH[@]}" -X PUT --data-binary @"$tmp/big" "$BASE/api/reports/big.xml"
[ -e "$tmp/data/big.xml" ] && fail "an upload over the limit was written"
req "a chunked body over --max-upload" 413 "${AUTH[@]}" -X PUT -H "Transfer-Encoding: chunked" \
    --data-binary @"$tmp/big" "$BASE/api/reports/big.xml"
[ -e "$tmp/data/big.xml" ] && fail "a chunked upload over the limit was written"
# Content-Length over the limit is answered before any body byte is sent.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'PUT /api/reports/big.xml HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nAuthorization: Bearer %s\r\nContent-Length: 999999999\r\n\r\n' \
    "$PORT" "$TOKEN" >&3
status=$(timeout 10 head -n1 <&3 | tr -d '\r')
exec 3<&- 3>&-
case $status in
*" 413 "*) echo "ok   Content-Length over the limit refused before the body ($status)" ;;
*) fail "Content-Length over the limit: '$status' without a body sent, expected 413" ;;
esac

# ---- a stalled client does not hold the server ----
exec 4<>"/dev/tcp/127.0.0.1/$PORT"
printf 'PUT /api/reports/slow.xml HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nAuthorization: Bearer %s\r\nContent-Length: 5000\r\n\r\n<?xml' \
    "$PORT" "$TOKEN" >&4
exec 5<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /api/rep' >&5
t0=$(date +%s%N)
req "a request beside two stalled clients" 200 "${AUTH[@]}" "$BASE/api/info"
t1=$(date +%s%N)
[ $(((t1 - t0) / 1000000)) -lt 5000 ] || fail "a request waited $(((t1 - t0) / 1000000)) ms behind stalled clients"
exec 4<&- 4>&- 5<&- 5>&-
[ -e "$tmp/data/slow.xml" ] && fail "a stalled upload wrote a file"

# ---- batch and aggregate over the folder ----
rm -f "$tmp/data/broken.xml" "$tmp/data/山阳区.xml"
sed 's|山阳区人民政府|水阳区人民政府|' "$SAMPLE" >"$tmp/data/shuiyang-2025.xml"
req "batch" 202 "${AUTH[@]}" -X POST "$BASE/api/batch?format=pdf,ofd"
for _ in $(seq 1 600); do
    curl -s "${AUTH[@]}" "$BASE/api/batch" >"$tmp/batch.json"
    grep -q '"running":false' "$tmp/batch.json" && break
    sleep 0.2
done
grep -q '"running":false' "$tmp/batch.json" || fail "the batch did not finish"
grep -q '"done":2,"total":2' "$tmp/batch.json" || fail "batch progress: $(cat "$tmp/batch.json")"
grep -q '"ok":2' "$tmp/batch.json" || fail "batch: not 2 ok: $(cat "$tmp/batch.json")"
[ -s "$tmp/data-out/shuiyang-2025.pdf" ] && [ -s "$tmp/data-out/shuiyang-2025.ofd" ] ||
    fail "batch: no PDF and OFD beside the data ($(ls "$tmp/data-out" 2>&1))"
[ -s "$tmp/data-out/summary.json" ] || fail "batch: no summary"
req "a rendered file" 200 "${AUTH[@]}" "$BASE/api/output/shanyang-2025.pdf"
head -c 5 "$tmp/body" | grep -q '%PDF-' || fail "output: not the PDF"
req "an output name with a slash" 400 "${AUTH[@]}" "$BASE/api/output/..%2Fdata%2Fshanyang-2025.xml"
req "batch with an unknown format" 400 "${AUTH[@]}" -X POST "$BASE/api/batch?format=doc"
req "aggregate without an issuer" 400 "${AUTH[@]}" -X POST "$BASE/api/aggregate"
req "aggregate" 200 "${AUTH[@]}" -X POST "$BASE/api/aggregate?issuer=%E5%B1%B1%E5%B7%9D%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"
grep -q '"included":\["shanyang-2025.xml","shuiyang-2025.xml"\]' "$tmp/body" || fail "aggregate: $(head -c 400 "$tmp/body")"
[ -s "$tmp/data-out/汇总-2025.xml" ] || fail "aggregate: no 汇总-2025.xml"
grep -q 'natural="56"' "$tmp/data-out/汇总-2025.xml" || fail "aggregate: 28 + 28 natural persons is not 56"

# ---- the log: one line a request, without the token ----
grep -q '^GET /api/reports 401 [0-9.]*ms [0-9]*$' "$tmp/log" || fail "no log line for the 401"
grep -q '^PUT /api/reports/new.xml 201 ' "$tmp/log" || fail "no log line for the PUT"
grep -q "$TOKEN" "$tmp/log" && fail "the token appears in the log"

# ---- SIGTERM: a request in flight finishes, then exit 0 ----
# Half of a render's body is sent, then SIGTERM, then the rest: the render must still be
# answered, and the server exit 0 after it.
size=$(stat -c %s "$SAMPLE")
half=$((size / 2))
exec 6<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /api/render?format=pdf HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nAuthorization: Bearer %s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' \
    "$PORT" "$TOKEN" "$size" >&6
head -c "$half" "$SAMPLE" >&6
sleep 1
kill -TERM "$pid"
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "the server left before the request in flight was answered"
tail -c +"$((half + 1))" "$SAMPLE" >&6
status=$(timeout 60 head -n1 <&6 | tr -d '\r')
exec 6<&- 6>&-
case $status in
*" 200 "*) echo "ok   a render in flight at SIGTERM is answered ($status)" ;;
*) fail "a render in flight at SIGTERM: '$status', expected 200" ;;
esac
wait "$pid"
rc=$?
[ "$rc" = 0 ] || { fail "exit $rc after SIGTERM, expected 0"; tail -n 30 "$tmp/log"; }
curl -s -o /dev/null --max-time 5 "$BASE/api/info" && fail "still answering after SIGTERM"

# ---- usage and environment ----
check "--listen without a port" 2 "$GR" serve --listen localhost
check "--max-upload nonsense" 2 "$GR" serve --max-upload lots
check "--tls-cert alone" 2 "$GR" serve --tls-cert x.pem
check "a data folder that is missing" 3 "$GR" serve --listen 127.0.0.1:0 --data "$tmp/none"
# last year's folder: each report paired with its office's report of the year before
mkdir "$tmp/last"
sed 's|<year>2025</year>|<year>2024</year>|; s|<published>2026-01-20</published>|<published>2025-01-20</published>|' \
    "$SAMPLE" >"$tmp/last/shanyang-2024.xml"
start_server "$tmp/out2" "$tmp/log2" --listen 127.0.0.1:0 --data "$tmp/data" --previous "$tmp/last"
auth
req "the list with --previous" 200 "${AUTH[@]}" "$BASE/api/reports"
grep -q '"name":"shanyang-2025.xml",[^}]*"previous":"shanyang-2024.xml"' "$tmp/body" ||
    fail "--previous: shanyang-2025.xml is not paired with shanyang-2024.xml: $(head -c 600 "$tmp/body")"
grep -q '"name":"shuiyang-2025.xml",[^}]*"previous":null' "$tmp/body" ||
    fail "--previous: another office's report is paired"
req "open with --previous" 200 "${AUTH[@]}" --data-binary @"$SAMPLE" "$BASE/api/open?name=s.xml"
grep -q '"previous":"shanyang-2024.xml"' "$tmp/body" || fail "open: not paired with last year's report"
check "a port in use" 3 "$GR" serve --listen "127.0.0.1:$PORT" --data "$tmp/data"
check "a --previous folder that is missing" 3 "$GR" serve --listen 127.0.0.1:0 --data "$tmp/data" --previous "$tmp/none"
kill -INT "$pid"
wait "$pid" || fail "exit $? after SIGINT, expected 0"

# ---- a non-loopback address warns; TLS ----
start_server "$tmp/out3" "$tmp/log3" --listen 0.0.0.0:0 --data "$tmp/data"
grep -q '警告' "$tmp/log3" || fail "no warning for a non-loopback --listen"
auth
req "0.0.0.0 answers on loopback" 200 "${AUTH[@]}" "http://127.0.0.1:$PORT/api/info"
kill -TERM "$pid"
wait "$pid" || fail "exit $? after SIGTERM (0.0.0.0)"
if command -v openssl >/dev/null; then
    openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 \
        -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1
    start_server "$tmp/out4" "$tmp/log4" --listen 127.0.0.1:0 --data "$tmp/data" \
        --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem"
    auth
    case $URL in https://*) ;; *) fail "TLS: the address is not https: $URL" ;; esac
    req "TLS" 200 -k "${AUTH[@]}" "$BASE/api/info"
    req "TLS: the cookie is Secure" 303 -k "$BASE/?token=$TOKEN"
    grep -qi '^set-cookie:.*; Secure' "$tmp/hdr" || fail "TLS: the cookie is not Secure"
    kill -TERM "$pid"
    wait "$pid" || fail "exit $? after SIGTERM (TLS)"
else
    echo "note: openssl missing, TLS not tried"
fi
exit $fail
