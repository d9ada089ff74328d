"""WordprocessingML questions and edits answered once: settings, numbering."""

from __future__ import annotations

from lxml import etree

from .ns import w

# CT_Settings is a sequence: `updateFields` follows exactly these, in this order (ECMA-376 17.15.1.78).
_SETTINGS_BEFORE_UPDATE_FIELDS = frozenset(["writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace"])


def request_field_update(settings: etree._Element) -> None:
    """Set `w:updateFields` in `word/settings.xml`: Word updates every field when it opens the file."""
    if settings.find(w("updateFields")) is not None:
        return
    update = etree.Element(w("updateFields"))
    update.set(w("val"), "true")
    earlier = [c for c in settings if isinstance(c.tag, str) and etree.QName(c).localname in _SETTINGS_BEFORE_UPDATE_FIELDS]
    if earlier:
        earlier[-1].addnext(update)
    else:
        settings.insert(0, update)


def add_restarting_numbering(numbering: etree._Element, abstract_num_id: str) -> str:
    """Add a `w:num` that restarts `abstract_num_id` at 1; return its new id."""
    used = [int(n.get(w("numId"))) for n in numbering.iterchildren(w("num"))]
    num_id = str(max(used, default=0) + 1)
    num = etree.SubElement(numbering, w("num"))
    num.set(w("numId"), num_id)
    etree.SubElement(num, w("abstractNumId")).set(w("val"), abstract_num_id)
    override = etree.SubElement(num, w("lvlOverride"))
    override.set(w("ilvl"), "0")
    etree.SubElement(override, w("startOverride")).set(w("val"), "1")
    return num_id
