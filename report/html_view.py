"""The report as an HTML fragment laid out like the printed document, for the page.

Two-column header block, centred type and subject, numbered sections, footnote markers
in the text and the footnotes at the end, the signature block, the follow-up annex.
Every text that comes from data (submissions, drafts, settings) goes through
``html.escape``: the page may render this fragment as HTML only because nothing in it is
user markup.
"""

from __future__ import annotations

from html import escape

from core.messages import t
from report.model import AnnexTable, Bullet, ReportDocument, ReportSection

STYLE = """
<style>
.bc-doc{background:#fff;color:#000;font-family:"Times New Roman",Times,serif;font-size:17px;
  line-height:1.45;max-width:820px;margin:0 auto;padding:32px 40px 32px 56px;
  box-shadow:0 1px 6px rgba(0,0,0,.18);border-radius:2px}
.bc-doc p{margin:0 0 6px 0;text-align:justify}
.bc-head{width:100%;border-collapse:collapse;margin-bottom:14px}
.bc-head td{border:none;vertical-align:top;text-align:center;padding:0 4px;font-size:16px}
.bc-rule{width:35%;margin:2px auto 6px auto;border:0;border-top:1px solid #000}
.bc-rule-long{width:70%}
.bc-date{font-style:italic}
.bc-keep{white-space:pre-wrap}
.bc-type{text-align:center!important;font-weight:bold;margin-top:10px!important}
.bc-subject{text-align:center!important;font-weight:bold}
.bc-part{font-weight:bold;margin-top:10px!important}
.bc-h1,.bc-h2{font-weight:bold}
.bc-h2{font-style:normal}
.bc-body{text-indent:1.27cm}
.bc-note{font-style:italic;color:#7a4b00;border-left:3px solid #d99a00;padding-left:8px}
.bc-mark{font-size:13px;font-style:italic;border-radius:3px;padding:0 4px;margin-left:4px;
  white-space:nowrap}
.bc-pending{background:#fff1c2;color:#6b4a00}
.bc-edited{background:#dcecff;color:#0b3d91}
.bc-empty{color:#777;font-style:italic}
.bc-sign{width:100%;border-collapse:collapse;margin-top:18px}
.bc-sign td{border:none;vertical-align:top;padding:0 4px}
.bc-recipients{font-size:14px;text-align:left!important;margin:0!important}
.bc-signer{text-align:center!important;font-weight:bold;margin:0!important}
.bc-signer-name{margin-top:72px!important}
.bc-annex{margin-top:28px;border-top:1px dashed #999;padding-top:18px}
.bc-annex-label,.bc-annex-title{text-align:center!important;font-weight:bold;margin:0!important}
.bc-issued{text-align:center!important;font-style:italic;margin:0 0 10px 0!important}
.bc-table-wrap{overflow-x:auto}
.bc-annex table{width:100%;border-collapse:collapse;font-size:15px}
.bc-annex th,.bc-annex td{border:1px solid #000;padding:3px 6px;vertical-align:top}
.bc-annex td.bc-num{text-align:right;white-space:nowrap}
.bc-cell-note{font-size:13px}
.bc-notes{margin-top:22px;font-size:14px}
.bc-notes hr{width:30%;margin:0 0 6px 0;border:0;border-top:1px solid #000}
.bc-notes p{margin:0 0 4px 0}
@media (max-width:640px){.bc-doc{padding:14px 10px;font-size:15px}
  .bc-table-wrap table{min-width:600px}
  .bc-head td{font-size:12px}.bc-body{text-indent:0.6cm}}
</style>
"""


def render_html(doc: ReportDocument) -> str:
    """The whole document as one escaped HTML fragment (with its own style block)."""
    notes: list[str] = []
    parts = [
        STYLE,
        '<div class="bc-doc">',
        _header(doc),
        _note(doc),
        f'<p class="bc-type">{escape(doc.doc_type.upper())}</p>',
        f'<p class="bc-subject">{escape(doc.subject)}</p>',
        '<hr class="bc-rule">',
        f'<p class="bc-part">{escape(doc.part1_title)}</p>',
        _summary(doc),
        *(_section(section, notes) for section in doc.sections),
        _part2(doc),
        _signature(doc),
        *(_annex(annex, label, doc.issued_with)
          for annex, label in zip(doc.annexes(), doc.annex_labels(), strict=True)),
        _footnotes(notes),
        "</div>",
    ]
    return "\n".join(part for part in parts if part)


def _mark(kind: str) -> str:
    key, css = {"pending": ("report.unapproved_mark", "bc-pending"),
                "edited": ("report.edited_mark", "bc-edited")}[kind]
    return f'<span class="bc-mark {css}">{escape(t(key))}</span>'


def _header(doc: ReportDocument) -> str:
    left = (f"{escape(doc.parent_body.upper())}<br><b>{escape(doc.issuer.upper())}</b>"
            f'<hr class="bc-rule"><span class="bc-keep">{escape(doc.number_label)}</span>')
    right = (f"<b>{escape(doc.motto_country.upper())}</b><br><b>{escape(doc.motto_slogan)}</b>"
             f'<hr class="bc-rule bc-rule-long"><span class="bc-date bc-keep">'
             f"{escape(doc.place_date)}</span>")
    return (f'<table class="bc-head"><tr><td style="width:42%">{left}</td>'
            f'<td style="width:58%">{right}</td></tr></table>')


def _note(doc: ReportDocument) -> str:
    return f'<p class="bc-note">{escape(doc.unapproved_note)}</p>' if doc.unapproved_note else ""


def _summary(doc: ReportDocument) -> str:
    paragraphs = doc.summary_paragraphs()
    lines = [f'<p class="bc-body bc-summary">{escape(text)}</p>' for text in paragraphs]
    if lines and doc.summary_edited:
        lines[-1] = lines[-1][:-len("</p>")] + _mark("edited") + "</p>"
    reference = doc.annex_reference()
    if reference:
        lines.append(f'<p class="bc-body bc-annex-ref">{escape(reference)}</p>')
    return "\n".join(lines)


def _section(section: ReportSection, notes: list[str]) -> str:
    css = "bc-h1" if section.level == 1 else "bc-h2"
    mark = _mark("edited") if section.edited else ""
    lines = [f'<p class="bc-body {css}">{escape(section.number)}. '
             f"{escape(section.title)}{mark}</p>"]
    lines.extend(_bullet(bullet, notes) for bullet in section.bullets)
    if not section.bullets and section.level == 2:
        lines.append(f'<p class="bc-body bc-empty">{escape(t("report.section_empty"))}</p>')
    return "\n".join(lines)


def _bullet(bullet: Bullet, notes: list[str]) -> str:
    text, stop = bullet.split_stop()
    markers = ""
    for footnote in bullet.footnotes:
        notes.append(footnote)
        markers += f'<sup><a href="#bc-fn-{len(notes)}">{len(notes)}</a></sup>'
    dash = "- " if bullet.dash else ""
    pending = "" if bullet.approved else _mark("pending")
    return (f'<p class="bc-body bc-bullet">{dash}{escape(text)}{markers}{escape(stop)}'
            f"{pending}</p>")


def _part2(doc: ReportDocument) -> str:
    intro, tasks = doc.part2_closed()
    lines = [f'<p class="bc-part">{escape(doc.part2_title)}</p>']
    if intro:
        lines.append(f'<p class="bc-body">{escape(intro)}</p>')
    lines.extend(f'<p class="bc-body">{n}. {escape(task)}</p>'
                 for n, task in enumerate(tasks, start=1))
    return "\n".join(lines)


def _signature(doc: ReportDocument) -> str:
    recipients = "".join(f'<p class="bc-recipients">- {escape(r)}</p>' for r in doc.recipients)
    titles = "".join(f'<p class="bc-signer">{escape(x)}</p>' for x in doc.signer_titles)
    return (
        '<table class="bc-sign"><tr><td style="width:48%">'
        f'<p class="bc-recipients"><b><i>{escape(t("report.recipients_label"))}</i></b></p>'
        f'{recipients}</td><td style="width:52%">{titles}'
        f'<p class="bc-signer bc-signer-name">{escape(doc.signer_name)}</p></td></tr></table>'
    )


def _annex(annex: AnnexTable, label: str, issued_with: str) -> str:
    """An annex as Decree 30 heads it: label, upper-case title, the "Kèm theo" line."""
    head = "".join(f"<th>{escape(h)}</th>" for h in annex.headers)

    def cell(i: int, n: int, text: str) -> str:
        css = ' class="bc-num"' if i in annex.nowrap and i else ""
        note = annex.notes.get(n) if i == annex.wide else None
        extra = f'<br><i class="bc-cell-note">({escape(note)})</i>' if note else ""
        return f"<td{css}>{escape(text)}{extra}</td>"

    body = "".join("<tr>" + "".join(cell(i, n, c) for i, c in enumerate(row)) + "</tr>"
                   for n, row in enumerate(annex.rows))
    issued = (f'<p class="bc-issued bc-keep">{escape(issued_with)}</p>' if issued_with
              else "")
    return (f'<div class="bc-annex"><p class="bc-annex-label">{escape(label)}</p>'
            f'<p class="bc-annex-title">{escape(annex.title.upper())}</p>{issued}'
            f'<div class="bc-table-wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div></div>")


def _footnotes(notes: list[str]) -> str:
    if not notes:
        return ""
    items = "".join(f'<p id="bc-fn-{n}"><sup>{n}</sup> {escape(text)}</p>'
                    for n, text in enumerate(notes, start=1))
    return f'<div class="bc-notes"><hr>{items}</div>'
