"""The long help texts of the `bvpp` commands (`bvpp COMMAND --help`), kept apart from cli.py's code."""

HELP = {
    'build': (
        'Build the named papers, or all of them: a new version of each paper whose content changed.\n'
        '\n'
        'A paper whose inputs are unchanged is left alone. Everything is read and checked first;\n'
        'nothing is written unless every paper renders. Versions are kept in build/<id>/ and\n'
        'recorded in bvpp-register.json.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp build\n'
        '\n'
        '  bvpp build cabinet --label "Cabinet 28 April"\n'
        '\n'
        '  bvpp --project ../herts-2004 build --json'
    ),
    'status': (
        'Show, for each paper, whether a build would make a new version, and why.\n'
        '\n'
        'Reasons: new, template changed, narrative changed, data changed, config changed,\n'
        'format changed, output missing, output edited.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp status\n'
        '\n'
        '  bvpp status --json'
    ),
    'versions': (
        'List the recorded versions of a paper (or all papers), newest first.\n'
        '\n'
        'Each line gives the version, when it was made, its label, its file (and whether that\n'
        'file is missing or was edited), then what changed since the version before.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp versions\n'
        '\n'
        '  bvpp versions cabinet --json'
    ),
    'diff': (
        'Write a Word document whose tracked changes turn one version of a paper into another.\n'
        '\n'
        'Open it in Word or LibreOffice and step through the changes, accepting or rejecting\n'
        'each. Also prints what changed, in words: figures (old and new), snippets, config\n'
        'facts. Writes build/<id>/<id>-changes-v001-v002.docx; nothing when there are no\n'
        'differences.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp diff plan\n'
        '\n'
        '  bvpp diff cabinet --from 1 --to 3 --json'
    ),
    'publish': (
        "Make an accessible PDF of each paper's latest (or --version) version, beside its .docx.\n"
        '\n'
        'LibreOffice (started once for all the papers) brings the contents list, page numbers\n'
        'and other fields up to date, then exports a tagged PDF with bookmarks, embedded fonts,\n'
        "and the title, author, subject and language set. Each PDF's checksum is recorded with\n"
        'its version; a published PDF is never overwritten. Needs LibreOffice and its Python\n'
        'bridge: apt-get install -y libreoffice-writer python3-uno.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp publish\n'
        '\n'
        '  bvpp publish plan --version 2 --json'
    ),
    'pack': (
        "Make one PDF for a meeting: a front sheet, then each of its papers (their latest versions).\n"
        '\n'
        'The front sheet names the council, committee, date, time and venue, and lists each paper\n'
        'with its first pack page; every page shows "Pack page N of M" after its own page number.\n'
        'Bookmarks per paper and per heading; tagged like bvpp publish. Written to build/packs/ under\n'
        'a new number each time the papers change (never overwritten) and recorded in the register.\n'
        'Needs LibreOffice, as bvpp publish does.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp pack cabinet\n'
        '\n'
        '  bvpp pack topic-group --json'
    ),
    'check': (
        "Validate every input and template, check the plan against the guidance and every paper's accessibility.\n"
        '\n'
        'Exit code 1, with one line per problem, if anything needs fixing. Then a checklist of\n'
        "the 2003/04 guidance's requirements and the plan's completeness, each met or not met\n"
        "with the reason, and each paper's accessibility problems (images without alt text,\n"
        'skipped heading levels, tables without a repeating header row, title and language,\n'
        'colour contrast, floating text boxes, colour-only status): warnings. With --strict,\n'
        'every warning fails the check.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp check\n'
        '\n'
        '  bvpp check --strict --json'
    ),
    'init': (
        'Create a new project folder: bvpp.toml, templates and sample inputs, ready to build.\n'
        '\n'
        'Refuses to touch a folder that already holds files.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp init herts-2004\n'
        '\n'
        '  bvpp --project herts-2004 build'
    ),
    'workbook_new': (
        'Write a blank indicator workbook (or, with --plan-data, budget/CPA/improvements workbook) for the plan year.\n'
        '\n'
        "The indicator workbook has the header row the papers need (with this plan's years), a\n"
        'frozen header, drop-down lists for unit, direction and promise, and an Instructions\n'
        'sheet. The plan-data workbook has a Budget sheet whose Total row adds up its lines, a\n'
        'CPA sheet listing every block to score, and an Improvements sheet, with drop-down lists.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp workbook new inputs/indicators-2004.xlsx\n'
        '\n'
        '  bvpp workbook new inputs/plan-data-2004.xlsx --plan-data'
    ),
    "absorb": (
        "Take a paper sent back (marked up in Word, or saved by LibreOffice) into the snippets it came from.\n"
        "\n"
        "Reads which paper and version FILE was built as, compares each snippet's part of it with\n"
        "what that version showed, and rewrites each edited snippet (facts stay [[key]]): a Markdown\n"
        "snippet as Markdown; a Word snippet in its own styles, with the readers' tracked changes and\n"
        "comments kept as tracked changes and comments (accepted with --accept-changes).\n"
        "Each snippet it replaces is kept first in build/.absorbed/<time>/. Edits it cannot take\n"
        "(a fact, a figure in a table, a heading or the masthead, a part deleted) are listed with\n"
        "where to make them; a snippet changed since that version is a conflict: the paper's text\n"
        "is written beside it, never over it. Then run bvpp build. See docs/absorb.md.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  bvpp absorb returned/plan-v002-chair.docx --dry-run\n"
        "\n"
        "  bvpp absorb build/plan/plan-v002.docx --json"
    ),
}

ACCEPT_HELP = "Accept the readers' tracked changes in Word snippets (their comments are dropped)."
