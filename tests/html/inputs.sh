# Shared by tests/e2e/html_page.sh and html_axe.sh (sourced): the reports whose pages they
# check, made from the sample.
#   make_inputs SAMPLE DIR   writes DIR/sample.xml; DIR/long.xml (every paragraph of 一 and
#                            五 six times: about 20 pages); DIR/shift-K.xml, K = 1..4 (the
#                            first paragraph K more times, so that the tables break across
#                            pages at other rows); DIR/escaping.xml (an issuer holding
#                            <script>, & and quotes, a paragraph holding <img onerror=…>);
#                            DIR/remarks.xml (remarks after figures in tables 二 and 三,
#                            one holding <…>, as "22（其中修订16件）")
#   wrap_fragment FRAG PAGE  the fragment in a minimal page (doctype, lang, charset,
#                            viewport, title), as a site's template would hold it

make_inputs() { # sample dir
    mkdir -p "$2"
    cp "$1" "$2/sample.xml"
    awk '/<overview>/{s=1} /<\/overview>/{s=0} /<problems>/{s=1} /<\/problems>/{s=0}
         { print } s && /<p[ >]/ { for (i = 0; i < 5; i++) print }' "$1" >"$2/long.xml"
    for k in 1 2 3 4; do
        awk -v k="$k" '/<overview>/{o=1} o==1 && /<p>/ { for (i = 0; i < k; i++) print; o=2 }
                       { print }' "$1" >"$2/shift-$k.xml"
    done
    sed -e 's|<issuer>山阳区人民政府</issuer>|<issuer>山阳区\&lt;script\&gt;x\&lt;/script\&gt; \&amp; \&quot;人民\&apos;政府</issuer>|' \
        -e 's|山阳区未收取信息处理费。|山阳区未收取\&lt;img src=x onerror=alert(1)\&gt;信息处理费。|' \
        "$1" >"$2/escaping.xml"
    sed -e 's|<licensing decisions="11850"/>|<licensing decisions="11850" decisions-remark="其中变更\&lt;120\&gt;件"/>|' \
        -e 's|<fees amount="0.33"/>|<fees amount="0.33" amount-remark="含退费0.01"/>|' \
        -e 's|<open natural="9"|<open natural="9" natural-remark="其中网上申请7件"|' \
        "$1" >"$2/remarks.xml"
}

wrap_fragment() { # fragment page
    {
        printf '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        printf '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        printf '<title>网站文章页</title>\n</head>\n<body>\n<main>\n'
        cat "$1"
        printf '</main>\n</body>\n</html>\n'
    } >"$2"
}
