# The sample as a clerk's Word file (run by make.sh): LibreOffice's conversion of the seed page
# (shanyang-2025.docx) with its section headings turned into Word's automatic numbering (一、)
# under a heading style, its run-in subheadings numbered （一） and written in other phrasings
# (情况。 方面，), one heading a character off the official wording, and a header with a page
# number field. Writes shanyang-2025-word.docx beside it.
import sys, zipfile

here = sys.argv[1]
src = zipfile.ZipFile(f"{here}/shanyang-2025.docx")
parts = {i.filename: src.read(i.filename) for i in src.infolist()}
doc = parts["word/document.xml"].decode()


def number(text, new_text, level):
    global doc
    at = doc.index("<w:t>" + text + "</w:t>")
    p = doc.rindex("<w:p><w:pPr>", 0, at)
    style = doc.index("/>", p) + 2  # after <w:pStyle .../>
    num = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'
    head = doc[p:style]
    if level == 0:
        head = head.replace("TextBodyMsoNormal", "ReportHeading")
    doc = doc[:p] + head + num + doc[style:]
    doc = doc.replace("<w:t>" + text + "</w:t>", "<w:t>" + new_text + "</w:t>", 1)


for t in ["一、总体情况", "二、主动公开政府信息情况", "四、政府信息公开行政复议、行政诉讼情况",
          "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]:
    number(t, t[2:], 0)
number("三、收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的有关情况", 0)
for old, new in [("（一）主动公开：", "主动公开情况。"), ("（二）依申请公开：", "依申请公开方面，"),
                 ("（三）政府信息管理：", "政府信息管理："),
                 ("（四）政府信息公开平台建设：", "平台建设情况。"), ("（五）监督保障：", "监督保障：")]:
    number(old, new, 1)
sect = doc.rindex("<w:sectPr")
close = doc.index(">", sect) + 1
doc = doc[:close] + '<w:headerReference w:type="default" r:id="rIdHeader1"/>' + doc[close:]
if 'xmlns:r="' not in doc[:3000]:
    doc = doc.replace("<w:document ", '<w:document xmlns:r="http://schemas.openxmlformats.org/'
                      'officeDocument/2006/relationships" ', 1)
parts["word/document.xml"] = doc.encode()

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
parts["word/numbering.xml"] = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}><w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>""".encode()
parts["word/header1.xml"] = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W}><w:p><w:r><w:t>山阳区人民政府</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:hdr>""".encode()
styles = parts["word/styles.xml"].decode()
parts["word/styles.xml"] = styles.replace("</w:styles>", (
    '<w:style w:type="paragraph" w:styleId="ReportHeading"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="TextBodyMsoNormal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '</w:styles>')).encode()
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
rels = parts["word/_rels/document.xml.rels"].decode()
parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
    f'<Relationship Id="rIdNum" Type="{R}/numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rIdHeader1" Type="{R}/header" Target="header1.xml"/></Relationships>')).encode()
T = "application/vnd.openxmlformats-officedocument.wordprocessingml"
ct = parts["[Content_Types].xml"].decode()
parts["[Content_Types].xml"] = ct.replace("</Types>", (
    f'<Override PartName="/word/numbering.xml" ContentType="{T}.numbering+xml"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{T}.header+xml"/></Types>')).encode()
with zipfile.ZipFile(f"{here}/shanyang-2025-word.docx", "w", zipfile.ZIP_DEFLATED) as z:
    for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
        z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), parts[name],
                   compress_type=zipfile.ZIP_DEFLATED)
