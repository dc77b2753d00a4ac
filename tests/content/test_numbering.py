"""Numbering is rendered from the structure in three styles, with Chinese numerals."""

import pytest

from yishi.content.numbering import Node, chinese_numeral, number_body, number_tree, render_html, render_text


@pytest.mark.parametrize(("number", "text"), [
    (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "一百"),
    (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"),
])
def test_chinese_numerals(number, text):
    assert chinese_numeral(number) == text


def test_chinese_numerals_refuse_zero():
    with pytest.raises(ValueError, match="out of range"):
        chinese_numeral(0)


def items(*texts):
    return tuple(Node("item", text=text) for text in texts)


CHAPTERS = [
    Node("chapter", text="总则", children=(
        Node("article", text="为规范会议，制定本规则。", anchor="a-1"),
        Node("article", text="会议研究下列事项：", anchor="a-2",
             children=(Node("clause", children=items("传达上级精神；", "研究重大问题。")),)),
    )),
    Node("chapter", text="附则", children=(
        Node("article", text="本规则自印发之日起施行。", anchor="a-3",
             children=(Node("clause", text="此前规定与本规则不一致的，以本规则为准。"),)),
    )),
]


def test_chapter_article_numbers_articles_through_chapters_and_leaves_clauses_unnumbered():
    assert render_text(number_body(CHAPTERS, "chapter_article")).splitlines() == [
        "第一章 总则",
        "第一条 为规范会议，制定本规则。",
        "第二条 会议研究下列事项：",
        "（一）传达上级精神；",
        "（二）研究重大问题。",
        "第二章 附则",
        "第三条 本规则自印发之日起施行。",
        "此前规定与本规则不一致的，以本规则为准。",
    ]


def test_cn_nested_numbers_by_depth_and_restarts_in_each_chapter():
    assert render_text(number_body(CHAPTERS, "cn_nested")).splitlines() == [
        "一、总则",
        "（一）为规范会议，制定本规则。",
        "（二）会议研究下列事项：",
        "1.传达上级精神；",
        "2.研究重大问题。",
        "二、附则",
        "（一）本规则自印发之日起施行。",
        "1.此前规定与本规则不一致的，以本规则为准。",
    ]


def test_cn_nested_without_chapters_starts_at_the_top_level_and_reaches_four_levels():
    body = [
        Node("article", heading="议事范围", anchor="a-1", children=(
            Node("clause", text="会前准备", children=items("报送议题", "准备材料")),
        )),
        Node("article", heading="会议组织", text="会议由主任主持。", anchor="a-2"),
    ]
    assert render_text(number_body(body, "cn_nested")).splitlines() == [
        "一、议事范围", "（一）会前准备", "1.报送议题", "2.准备材料", "二、会议组织", "会议由主任主持。",
    ]


def test_decimal_numbers_by_path():
    lines = number_body(CHAPTERS, "decimal")
    assert [line.number for line in lines] == ["1.0", "1.1", "1.2", "1.2.1", "1.2.2", "2.0", "2.1", "2.1.1"]


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="unknown style 'roman'"):
        number_body(CHAPTERS, "roman")


def test_html_carries_article_anchors_and_escapes_text():
    body = [Node("article", text="<script>x</script> & 会议", anchor="a-7k2m")]
    html = render_html(number_body(body, "chapter_article"))
    assert 'id="a-7k2m"' in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; 会议" in html
    assert '<span class="number">第一条</span>' in html
    chapters_html = render_html(number_body(CHAPTERS, "chapter_article"))
    assert '<h2 class="chapter" id="chapter-1">第一章 总则</h2>' in chapters_html


def test_the_tree_nests_numbered_units_under_their_parents_with_anchors_by_position():
    first, second = number_tree(CHAPTERS, "chapter_article")
    assert (first.number, first.text, first.anchor) == ("第一章", "总则", "chapter-1")
    rule = first.children[1]
    assert (rule.number, rule.anchor) == ("第二条", "a-2")
    # The textless clause is transparent: its items hang under the article, named through it.
    assert [(item.number, item.anchor) for item in rule.children] == [("（一）", "a-2-1-1"), ("（二）", "a-2-1-2")]
    (clause,) = second.children[0].children
    assert (clause.kind, clause.number, clause.anchor) == ("clause", "", "a-3-1")
    assert number_body(CHAPTERS, "chapter_article") == [first, *first.children[:1], rule, *rule.children,
                                                        second, second.children[0], clause]
