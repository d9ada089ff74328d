"""The long help texts of the `bvpp` commands (`bvpp COMMAND --help`), kept apart from cli.py's code."""

HELP = {
    'main': (
        'Run a command in a project folder (or any folder inside one: the nearest folder upward\n'
        'holding bvpp.toml is the project), or name the project with --project DIR, before or\n'
        'after the command.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp init my-council\n'
        '\n'
        '  bvpp build --project my-council\n'
        '\n'
        '  bvpp status --all\n'
        '\n'
        '  bvpp --version'
    ),
    'explain': (
        'List every figure a paper shows for an indicator, budget line or CPA score, and the cells it comes from.\n'
        '\n'
        'Per table: the column, the text shown, the source file:sheet!cell with its saved value and\n'
        'number format.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp explain plan BV82a\n'
        '\n'
        '  bvpp explain plan "budget Education" --json'
    ),
    'workbook': (
        'Indicator workbooks for the performance team.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp workbook new inputs/indicators-2004.xlsx\n'
        '\n'
        '  bvpp workbook new --help'
    ),
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
        '  bvpp build --label cabinet="Cabinet 28 April" --label topic-group="Topic Group 7 May"\n'
        '\n'
        '  bvpp --project ../herts-2004 build --json'
    ),
    'status': (
        'Show, for each paper, whether a build would make a new version, and why.\n'
        '\n'
        'Reasons: new, template changed, narrative changed, data changed, config changed,\n'
        'format changed, output missing, output edited.\n'
        '\n'
        'The changes a new version would hold are summarised: with more than five, a count per\n'
        'kind of change and the first five, one line each (cut with "…"); --all lists every one\n'
        'in full, a long one wrapped onto lines of its own. No line is over 200 characters.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp status\n'
        '\n'
        '  bvpp status --all\n'
        '\n'
        '  bvpp status --json'
    ),
    'new_year': (
        "Move the project on to next year's plan: the plan year and every year in bvpp.toml, the workbooks' year\n"
        "columns (a blank outturn column for the year just ended, the targets kept as the targets judged, the\n"
        "oldest year dropped; each workbook kept first under inputs/archive/), and the version register (the new\n"
        "plan's papers start at version 1; 'bvpp versions --year' lists the old ones). Then 'bvpp check' names\n"
        "what is still to do: figures to fill, meeting dates to set, text naming last year's plan.\n"
        "See docs/new-year.md.\n\n"
        "Examples:\n\n"
        "  bvpp new-year --dry-run\n\n"
        "  bvpp new-year\n\n"
        "  bvpp new-year --into ../bvpp-2004-05"
    ),
    'versions': (
        'List the recorded versions of a paper (or all papers), newest first.\n'
        '\n'
        'Each line gives the version, when it was made, its label, its file (and whether that\n'
        'file is missing or was edited), then what changed since the version before: with more\n'
        'than five changes, a count per kind and the first five (--all: every one, in full).\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp versions\n'
        '\n'
        '  bvpp versions plan --all\n'
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
        "Create a council's first project: bvpp.toml, templates, placeholder snippets and blank workbooks, ready to build.\n"
        '\n'
        "Asks for the council's name, the plan year, the cabinet and topic-group meetings and the\n"
        'officers (piped in: one answer a line, an empty line for the default), or takes them as\n'
        'options. Every answer is checked before anything is written. --example copies the\n'
        'Hertfordshire 2003/04 example instead. Refuses a folder that already holds files.\n'
        '\n'
        'Examples:\n'
        '\n'
        '  bvpp init dacorum-2004\n'
        '\n'
        '  bvpp init dacorum-2004 --council "Dacorum Borough Council" --year 2004/05\n'
        '  --meeting cabinet=Cabinet,2004-04-26,14:00 --meeting "topic-group=Performance Scrutiny\n'
        '  Panel,2004-05-05,18:30" --report-of "Head of Performance" --author "Jo Bloggs"\n'
        '  --telephone "01442 228000"\n'
        '\n'
        '  bvpp init herts-2003 --example'
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
    "watch": (
        "Build the papers, then again on every save of an input, until Ctrl-C.\n"
        "\n"
        "Watches bvpp.toml, the workbooks, snippets, images and templates. Each save makes a new\n"
        "version of each paper whose content changed, as 'bvpp build' does, and prints one line\n"
        "per paper. With --draft, previews go to build/.preview/ and no version is recorded.\n"
        "A mistake in an input is printed with its place; fix it, save, and the watch goes on.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  bvpp watch\n"
        "\n"
        "  bvpp watch plan --draft --publish"
    ),
}

ACCEPT_HELP = "Accept the readers' tracked changes in Word snippets (their comments are dropped)."
