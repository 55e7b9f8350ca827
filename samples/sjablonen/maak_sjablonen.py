"""Builds the two sample Word templates and their logos (run once; the results are committed).

    python3 -m venv venv && venv/bin/pip install python-docx==1.2.0 pillow==13.0.0
    venv/bin/python maak_sjablonen.py

- gooise-meren.dotx: Word's English style ids (Normal, Heading1, Title…), a first-page letterhead
  that is a table (logo | address), a lighter header on later pages with a right tab and a
  PAGE field, footers with PAGE/NUMPAGES as complex fields; Carlito everywhere.
- huizen.dotx: Dutch-localised style ids as a Dutch Word writes them (Standaard, Kop1, Kop2,
  Titel, Koptekst, Voettekst, Tabelraster…) with the English built-in w:name kept; body in the
  theme's minor font (Carlito), headings in the major font (Arial); the body size comes from
  docDefaults, Heading 2 is based on Heading 1; the first-page logo is an anchored picture
  at a page offset; fields are simple fields (w:fldSimple).

Both are example house styles made for this project, not any municipality's real one.
"""
import copy
import io
import re
import zipfile

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from PIL import Image, ImageDraw, ImageFont

BOLD = "../../fonts/LiberationSans-Bold.ttf"
REGULAR = "../../fonts/LiberationSans-Regular.ttf"


def logo(path, color, initials, label, size):
    """A plain example mark: a coloured shape with initials and a word, clearly no real logo."""
    w, h = size
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, h - 1, h - 1], radius=h // 6, fill=color)
    f = ImageFont.truetype(BOLD, int(h * 0.45))
    d.text((h / 2, h / 2), initials, font=f, fill="white", anchor="mm")
    g = ImageFont.truetype(BOLD, int(h * 0.32))
    d.text((h + h // 5, h * 0.40), label, font=g, fill=color, anchor="lm")
    s = ImageFont.truetype(REGULAR, int(h * 0.16))
    d.text((h + h // 5, h * 0.78), "voorbeeldlogo", font=s, fill="#777777", anchor="lm")
    img.save(path, optimize=True)


def field(paragraph, instr, simple):
    """A PAGE or NUMPAGES field, as Word writes it: a simple or a complex field."""
    if simple:
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), f" {instr} ")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        paragraph._p.append(fld)
        return
    for kind, text in (("begin", None), (None, f" {instr} "), ("separate", None), (None, "1"), ("end", None)):
        r = paragraph.add_run()
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._r.append(fc)
        elif text.strip() == "1":
            r.text = text
        else:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            r._r.append(it)


def set_font(style, name=None, size=None, color=None, bold=None, italic=None, before=None, after=None, line=None):
    f = style.font
    if name:
        f.name = name
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts is not None and rfonts.get(qn(a)) is not None:
                del rfonts.attrib[qn(a)]
    if size:
        f.size = Pt(size)
    if color:
        f.color.rgb = RGBColor.from_string(color)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    pf = style.paragraph_format
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = line


def theme_fonts(xml, major, minor):
    xml = re.sub(r'(<a:majorFont>\s*<a:latin typeface=")[^"]*', r"\g<1>" + major, xml)
    xml = re.sub(r'(<a:minorFont>\s*<a:latin typeface=")[^"]*', r"\g<1>" + minor, xml)
    return xml


def right_tab(paragraph, section):
    """A right tab at the text's right edge; the header/footer styles' own centre and right
    tabs (at 4680 and 9360 twips) are cleared, so the first tab goes to the right edge."""
    stops = paragraph.paragraph_format.tab_stops
    for pos in (4680, 9360):
        stops.add_tab_stop(Twips(pos), WD_TAB_ALIGNMENT.CLEAR)
    width = section.page_width - section.left_margin - section.right_margin
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def gooise_meren():
    color = "1F5F8B"
    logo("gooise-meren-logo.png", "#" + color, "GM", "Gooise Meren", (760, 160))
    d = docx.Document()
    s = d.sections[0]
    s.page_width, s.page_height = Cm(21.0), Cm(29.7)
    s.top_margin, s.bottom_margin = Cm(3.0), Cm(2.5)
    s.left_margin, s.right_margin = Cm(2.5), Cm(2.0)
    s.header_distance, s.footer_distance = Cm(1.0), Cm(1.0)
    s.different_first_page_header_footer = True
    st = d.styles
    set_font(st["Normal"], "Carlito", 11, "222222", after=6, line=1.15)
    set_font(st["Title"], "Carlito", 22, color, bold=True, after=4)
    set_font(st["Subtitle"], "Carlito", 13, "595959", italic=False, after=14)
    set_font(st["Heading 1"], "Carlito", 14, color, bold=True, before=12, after=4)
    set_font(st["Heading 2"], "Carlito", 12, color, bold=True, before=8, after=3)
    set_font(st["Heading 3"], "Carlito", 11, "222222", bold=True, italic=True, before=6, after=2)
    set_font(st["Header"], "Carlito", 8.5, "595959")
    set_font(st["Footer"], "Carlito", 8, "595959")

    # First page: the letterhead, a borderless table with the logo and the address.
    fh = s.first_page_header
    t = fh.add_table(rows=1, cols=2, width=s.page_width - s.left_margin - s.right_margin)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    left, right = t.rows[0].cells
    left.paragraphs[0].add_run().add_picture("gooise-meren-logo.png", width=Cm(6.0))
    lines = ["Gemeente Gooise Meren", "Voorbeeldadres 1", "1401 XX  Bussum"]
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = p.add_run(lines[0])
    r.bold = True
    for line in lines[1:]:
        p = right.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fh.paragraphs[0].text = ""
    # Later pages: the name on the left, the page number at a right tab.
    h = s.header
    p = h.paragraphs[0]
    right_tab(p, s)
    p.add_run("Gemeente Gooise Meren\tpagina ")
    field(p, "PAGE", simple=False)
    # Footers: the address line on the first page, page x of y on all.
    ff = s.first_page_footer.paragraphs[0]
    ff.text = "Voorbeeldadres 1  ·  1401 XX Bussum  ·  www.voorbeeld-gooisemeren.nl  ·  voorbeeldsjabloon"
    f = s.footer.paragraphs[0]
    f.alignment = WD_ALIGN_PARAGRAPH.CENTER
    f.add_run("Pagina ")
    field(f, "PAGE", simple=False)
    f.add_run(" van ")
    field(f, "NUMPAGES", simple=False)

    d.add_paragraph("Voorbeeldsjabloon van de huisstijl — deze tekst hoort niet in de brief.", style="Title")
    d.add_paragraph("Tekst uit het sjabloon zelf, die raadsbrief niet overneemt.")
    save(d, "gooise-meren.dotx", theme=("Carlito", "Carlito"), rename={})


DUTCH_IDS = {
    "Normal": "Standaard",
    "Heading1": "Kop1",
    "Heading2": "Kop2",
    "Heading3": "Kop3",
    "Heading1Char": "Kop1Char",
    "Heading2Char": "Kop2Char",
    "Heading3Char": "Kop3Char",
    "Title": "Titel",
    "TitleChar": "TitelChar",
    "Subtitle": "Ondertitel",
    "SubtitleChar": "OndertitelChar",
    "Header": "Koptekst",
    "HeaderChar": "KoptekstChar",
    "Footer": "Voettekst",
    "FooterChar": "VoettekstChar",
    "TableGrid": "Tabelraster",
    "ListParagraph": "Lijstalinea",
    "ListBullet": "Lijstopsommingsteken",
    "ListNumber": "Lijstnummering",
    "TableNormal": "Standaardtabel",
    "DefaultParagraphFont": "Standaardalinea-lettertype",
}


def huizen():
    color = "7A3B00"
    logo("huizen-logo.png", "#" + color, "H", "Huizen", (520, 200))
    d = docx.Document()
    s = d.sections[0]
    s.page_width, s.page_height = Cm(21.0), Cm(29.7)
    s.top_margin, s.bottom_margin = Cm(4.0), Cm(3.0)
    s.left_margin, s.right_margin = Cm(3.0), Cm(2.5)
    s.header_distance, s.footer_distance = Cm(1.2), Cm(1.2)
    s.different_first_page_header_footer = True
    st = d.styles
    # Body size from docDefaults (10 pt), the font from the theme (minor = Carlito).
    normal = st["Normal"]
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.2
    normal.font.color.rgb = RGBColor.from_string("1A1A1A")
    set_font(st["Title"], None, 24, color, bold=True, after=6)
    set_font(st["Heading 1"], None, 15, color, bold=True, before=14, after=6)
    # Heading 2 is based on Heading 1 and only changes the size.
    h2 = st["Heading 2"]
    h2.base_style = st["Heading 1"]
    h2.element.get_or_add_rPr()
    for child in list(h2.element.rPr):
        h2.element.rPr.remove(child)
    h2.font.size = Pt(12.5)
    set_font(st["Heading 3"], None, 10.5, "1A1A1A", bold=True, before=8, after=2)
    set_font(st["Header"], None, 9, color)
    set_font(st["Footer"], None, 8, "595959")

    fh = s.first_page_header
    p = fh.paragraphs[0]
    p.add_run().add_picture("huizen-logo.png", width=Cm(4.5))  # turned into an anchor below
    p2 = fh.add_paragraph()
    r = p2.add_run("Gemeente Huizen")
    r.bold = True
    r.font.size = Pt(14)
    fh.add_paragraph("Voorbeeldadres 1  ·  1271 XX  Huizen")
    h = s.header.paragraphs[0]
    h.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    h.add_run("Gemeente Huizen  —  ")
    field(h, "PAGE", simple=True)
    for footer in (s.first_page_footer, s.footer):
        f = footer.paragraphs[0]
        right_tab(f, s)
        f.add_run("Voorbeeldadres 1 · 1271 XX Huizen · www.voorbeeld-huizen.nl\t")
        field(f, "PAGE", simple=True)
        f.add_run(" / ")
        field(f, "NUMPAGES", simple=True)

    d.add_paragraph("Sjabloontekst die niet in de brief hoort.", style="Heading 1")
    save(d, "huizen.dotx", theme=("Arial", "Carlito"), rename=DUTCH_IDS, anchor=True, default_size=20)


ANCHOR = (
    '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
    'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
)


def to_anchor(xml, x_emu, y_emu):
    """Word's floating picture: the inline drawing turned into an anchor at a page offset."""
    m = re.search(r"<wp:inline([^>]*)>(.*?)</wp:inline>", xml, re.S)
    namespaces = " ".join(re.findall(r'xmlns:\w+="[^"]*"', m.group(1)))
    inner = m.group(2)
    inner = inner.replace("<wp:docPr", "<wp:wrapNone/><wp:docPr", 1)
    start = ANCHOR.format(x=x_emu, y=y_emu).replace("<wp:anchor ", f"<wp:anchor {namespaces} ", 1)
    return xml[: m.start()] + start + inner + "</wp:anchor>" + xml[m.end():]


def save(d, name, theme, rename, anchor=False, default_size=None):
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED)
    for info in sorted(src.infolist(), key=lambda i: i.filename):
        data = src.read(info.filename)
        if info.filename.endswith(".xml") or info.filename.endswith(".rels"):
            text = data.decode("utf-8")
            if info.filename == "[Content_Types].xml":
                text = text.replace(
                    "wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml"
                )
            if info.filename.startswith("word/theme/"):
                text = theme_fonts(text, *theme)
            if info.filename.startswith("word/"):
                for old, new in rename.items():
                    # Ids and references to them change; w:name keeps the built-in name.
                    text = re.sub(r'(w:styleId=")' + re.escape(old) + '"', r"\g<1>" + new + '"', text)
                    text = re.sub(
                        r'(<w:(?:pStyle|rStyle|tblStyle|basedOn|next|link) w:val=")' + re.escape(old) + '"',
                        r"\g<1>" + new + '"',
                        text,
                    )
                if rename:
                    text = text.replace('w:lang w:val="en-US"', 'w:lang w:val="nl-NL"')
            if info.filename == "word/styles.xml" and default_size:
                text = re.sub(
                    r"(<w:docDefaults>.*?<w:rPr>)(.*?)(</w:rPr>)",
                    # w:sz and w:szCs come before w:lang in the schema's order.
                    lambda m: m.group(1)
                    + re.sub(r"<w:sz [^>]*/>|<w:szCs [^>]*/>", "", m.group(2)).replace(
                        "<w:lang ",
                        f'<w:sz w:val="{default_size}"/><w:szCs w:val="{default_size}"/><w:lang ',
                        1,
                    )
                    + m.group(3),
                    text,
                    count=1,
                    flags=re.S,
                )
            if anchor and re.match(r"word/header\d*\.xml", info.filename) and "<wp:inline" in text:
                text = to_anchor(text, x_emu=int(14.0 * 360000), y_emu=int(1.0 * 360000))
            data = text.encode("utf-8")
        zi = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(zi, data)
    out.close()


if __name__ == "__main__":
    gooise_meren()
    huizen()
