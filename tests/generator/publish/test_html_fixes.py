"""The repairs applied to every rendered page: each removes exactly the invalid markup Material writes, and
leaves everything else, including pages already valid, byte for byte alone."""

from __future__ import annotations

import pytest

from generator.publish.html_fixes import (
    drop_autocomplete_from_checkboxes,
    drop_dangling_toc_label_target,
    fill_empty_label_tabindex,
    fix_page_html,
    name_search_dialog,
)

# Material 9.8.1's base.html writes its drawer and search toggles like this.
TOGGLES = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'
)
TOC_TITLE = (
    '<label class="md-nav__title" for="__toc">\n'
    '  <span class="md-nav__icon md-icon"></span>\n'
    "  Table of contents\n"
    "</label>"
)
TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'


def test_autocomplete_is_dropped_from_checkboxes():
    assert drop_autocomplete_from_checkboxes(TOGGLES) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">'
    )


@pytest.mark.parametrize(
    "tag",
    [
        '<input type="checkbox" autocomplete=off name="a">',
        "<input autocomplete='off' type='checkbox'>",
        '<INPUT TYPE="CHECKBOX" AUTOCOMPLETE="off">',
    ],
)
def test_autocomplete_is_dropped_whatever_the_quoting_or_case(tag):
    assert "autocomplete" not in drop_autocomplete_from_checkboxes(tag).lower()


def test_autocomplete_stays_where_html_allows_it():
    fields = (
        '<input type="text" class="md-search__input" name="query" autocomplete="off">'
        '<input id="lc-age" name="age" type="text" inputmode="decimal" autocomplete="off">'
    )
    assert drop_autocomplete_from_checkboxes(fields) == fields


def test_toc_title_loses_its_target_when_the_page_has_no_toc_toggle():
    page = f"<nav>{TOC_TITLE}</nav>"
    fixed = drop_dangling_toc_label_target(page)
    assert fixed == page.replace(' for="__toc"', "")
    assert '<label class="md-nav__title">' in fixed


def test_toc_title_keeps_its_target_when_the_toggle_is_there():
    page = f"<li>{TOC_TOGGLE}<label class='md-nav__link' for=\"__toc\">x</label></li><nav>{TOC_TITLE}</nav>"
    assert drop_dangling_toc_label_target(page) == page


def test_other_labels_are_left_alone():
    page = '<label class="md-nav__link" for="__nav_2" id="__nav_2_label">Causes</label><label for="__toc_x">y</label>'
    assert drop_dangling_toc_label_target(page) == page


# Material 9.8.1's nav-item.html writes a section's toggle label, and search.html its dialog and field, like this.
SECTION_LABEL = '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">'
SEARCH = (
    '<div class="md-search" data-md-component="search" role="dialog">\n'
    '<input type="text" class="md-search__input" name="query" aria-label="Suche" placeholder="Suche">'
)


def test_an_empty_label_tabindex_becomes_minus_one():
    assert fill_empty_label_tabindex(SECTION_LABEL) == SECTION_LABEL.replace('tabindex=""', 'tabindex="-1"')
    kept = '<label class="md-nav__link" for="__nav_3" tabindex="0"><div tabindex="">'
    assert fill_empty_label_tabindex(kept) == kept


def test_the_search_dialog_is_named_after_its_field_in_the_sites_language():
    assert name_search_dialog(SEARCH).startswith(
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Suche">'
    )
    named = SEARCH.replace('role="dialog"', 'role="dialog" aria-label="Find"')
    assert name_search_dialog(named) == named
    assert name_search_dialog('<div class="md-search" role="dialog">') == '<div class="md-search" role="dialog">'


def test_fix_page_html_applies_every_repair_and_is_idempotent():
    page = f"<body>{TOGGLES}{SEARCH}<nav>{SECTION_LABEL}</nav><main>{TOC_TITLE}</main></body>"
    fixed = fix_page_html(page)
    assert "autocomplete" not in fixed
    assert 'for="__toc"' not in fixed
    assert 'tabindex=""' not in fixed and 'role="dialog" aria-label="Suche"' in fixed
    assert fix_page_html(fixed) == fixed


def test_a_page_with_nothing_to_repair_is_unchanged():
    page = (
        f'<body><input type="checkbox" id="__drawer">{TOC_TOGGLE}<nav>{TOC_TITLE}</nav><p>autocomplete="off"</p></body>'
    )
    assert fix_page_html(page) == page
