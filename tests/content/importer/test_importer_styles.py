"""Documents in other styles, written for these tests: decimal, chapters and articles, bundles, HTML, GB18030, .docx."""

import pytest

from yishi.content.importer import ImportFailed, import_document, read_document

from .helpers import assert_valid, flagged, meeting_type, packed, post_slug, rule_values, write

DECIMAL = """\
某某科技有限公司经营例会管理规定
1.0 目的
1.1 为提高经营决策效率，明确经营例会的组织方式，制定本规定。
2.0 适用范围
2.1 本规定适用于公司总部各部门。
3.0 会议安排
3.1 经营例会每周一上午9:00在三楼会议室召开，会期不超过2小时。
3.2 会议由总经理主持，副总经理、各部门经理参加，财务部经理列席。
3.3 各部门于每周四17:00前将议题报送总经理办公室。
3.4 参会人员因故不能参加的，须提前2小时书面请假，经总经理批准。
3.5 参会人员应提前10分钟到场签到。
4.0 附则
4.1 本规定自2024年1月1日起施行。
"""

CHAPTERS = """\
某县自然资源局局务会议事规则
（2023年6月8日2023年第5次局务会审议通过）
第一章 总则
第一条 为规范局务会议事程序，制定本规则。
第二条 局务会是研究决定全局重要事项的会议。
第二章 会议组织
第三条 局务会由局长召集并主持，局长不在时由局长委托的副局长主持。
第四条 局务会一般每月召开二次，分别在第一周和第三周的星期一中午12:40—13:20召开。
第五条 局务会须有三分之二以上组成人员到会方可召开；研究干部任免事项时，须有四分之三以上组成人员到会方可召开。
第六条 局务会研究下列事项：
（一）贯彻落实上级决策部署的意见；
（二）年度工作计划和总结；
（三）重大项目和大额资金的安排。
议题由办公室于会前3个工作日汇总，报局长审定。
第三章 附则
第七条 本规则自印发之日起施行。
"""

BUNDLE = """\
第一篇 党支部委员会议事规则
一、支委会每季度末最后一个工作日上午召开。
二、支委会须有半数以上委员到会方可召开，由支部书记主持。
第二篇 科务会议事规则
一、科务会每周五下午4:00召开，会期半天。
二、科务会由科长主持，科室全体人员参加。
三、讨论事项时，科长最后表态。
"""

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>党组会议规则_某某网</title>
<script>var counter = 1;</script><style>p {color: red}</style></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/news">新闻中心</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 制度文件</div>
<div class="article">
<h1>某某局党组会议议事规则</h1>
<p class="info">发布时间：2022-05-10　浏览次数：386</p>
<p>一、党组会议原则上每月召开一次，由党组书记召集并主持。</p>
<p>二、党组会议须有半数以上党组成员到会方可召开。</p>
<p>三、议题应于会议召开前两天报送办公室。</p>
<p>&nbsp;</p>
</div>
<div class="related">相关文档<ul><li>某某局工作规则</li></ul></div>
<p>【打印本页】【关闭窗口】</p>
<footer>版权所有：某某局　ICP备12345678号</footer>
</body></html>
"""

GB_TEXT = """\
某街道办事处主任办公会议制度
一、主任办公会议每周二上午召开，由办事处主任主持。
二、会议议题须于每周五下班前报党政办。
三、参会人员须提前1天向主任请假。
"""


def test_decimal_numbering(tmp_path):
    result = import_document(write(tmp_path, "rules.txt", DECIMAL))
    (regulation,) = result.pack["regulations"]
    assert regulation["numbering"] == "decimal"
    assert regulation["effective_from"] == "2024-01-01"
    assert [a["heading"] for a in regulation["articles"]] == ["目的", "适用范围", "会议安排", "附则"]
    assert len(regulation["articles"][2]["clauses"]) == 5
    assert regulation["articles"][2]["clauses"][0]["text"].startswith("经营例会每周一")  # 3.1 stripped
    data = packed(result, "经营例会")
    assert data["cadence"]["time"] == "09:00"
    assert data["cadence"]["duration_minutes"] == 120
    assert data["cadence"]["location"] == "三楼会议室"
    assert data["roles"]["chair"] == {"post": post_slug(result, "总经理")}
    assert {"post": post_slug(result, "部门经理")} in data["roles"]["members"]
    assert data["roles"]["observers"] == [{"post": post_slug(result, "财务部经理")}]
    assert data["attendance"]["leave_lead_hours"] == 2
    assert data["attendance"]["leave_approver"] == {"post": post_slug(result, "总经理")}
    assert data["attendance"]["arrive_early_minutes"] == 10
    deadline = rule_values(meeting_type(result, "经营例会"), "topics.deadline")
    assert deadline == [{"kind": "weekday", "weekday": 4, "time": "17:00"}]
    assert_valid(result.pack)


def test_chapters_and_articles(tmp_path):
    result = import_document(write(tmp_path, "rules.txt", CHAPTERS))
    (regulation,) = result.pack["regulations"]
    assert regulation["numbering"] == "chapter_article"
    assert [c["title"] for c in regulation["chapters"]] == ["总则", "会议组织", "附则"]
    assert [len(c["articles"]) for c in regulation["chapters"]] == [2, 4, 1]
    article_six = regulation["chapters"][1]["articles"][3]
    assert article_six["text"] == "局务会研究下列事项："
    assert [item["text"] for item in article_six["clauses"][0]["items"]][0] == "贯彻落实上级决策部署的意见；"
    assert article_six["clauses"][1]["text"].startswith("议题由办公室")  # a second 款, unnumbered
    assert regulation["adopted_at"] == "2023年第5次局务会审议通过"
    assert regulation["effective_from"] == "2023-06-08"

    council = meeting_type(result, "局务会")
    data = packed(result, "局务会")
    assert data["decisions"]["quorum"] == "2/3"
    assert data["decisions"]["quorum_rules"] == [{"matter": "personnel", "fraction": "3/4"}]
    assert data["cadence"]["duration_minutes"] == 40  # 12:40—13:20
    assert "12:40" in rule_values(council, "cadence.time") and "13:20" not in rule_values(council, "cadence.time")
    assert rule_values(council, "topics.deadline") == [
        {"kind": "workdays_before", "days": 3, "time": None, "unit": "工作日"}
    ]
    assert data["topics"]["deadline"] == {"kind": "workdays_before", "days": 3, "time": "17:00"}
    assert [text for text, _ in council.scope][:1] == ["贯彻落实上级决策部署的意见"]
    assert_valid(result.pack)


def test_bundle_of_parts(tmp_path):
    result = import_document(write(tmp_path, "bundle.txt", BUNDLE))
    titles = [r["title"] for r in result.pack["regulations"]]
    assert titles == ["党支部委员会议事规则", "科务会议事规则"]
    committee = meeting_type(result, "党支部委员会")
    assert packed(result, "党支部委员会")["category"] == "party"
    assert packed(result, "党支部委员会")["decisions"]["quorum"] == "1/2"
    assert any("季度末最后一个工作日" in value for value in rule_values(committee, "cadence.phrase"))
    section = packed(result, "科务会")
    assert section["cadence"]["time"] == "16:00"
    assert section["cadence"]["duration_minutes"] == 240  # 半天
    assert section["decisions"]["chair_speaks_last"] is True
    assert_valid(result.pack)


def test_bracketed_part_markers(tmp_path):
    text = "[篇1]\n甲单位周例会制度\n一、周例会每周一上午召开。\n[篇2]\n乙单位月例会制度\n一、月例会每月召开一次。\n"
    result = import_document(write(tmp_path, "parts.txt", text))
    assert [r["title"] for r in result.pack["regulations"]] == ["甲单位周例会制度", "乙单位月例会制度"]


def test_notice_issuing_two_regulations_is_split(tmp_path):
    text = (
        "某某中心\n某中发〔2021〕7号\n某某中心关于印发《甲会议事规则》和《乙会议事规则》的通知\n各科室：\n"
        "现将两项规则印发给你们，请遵照执行。\n某某中心\n2021年4月2日\n"
        "甲会议事规则\n一、甲会每月召开一次。\n二、甲会由主任主持。\n"
        "乙会议事规则\n一、乙会每周召开一次。\n"
    )
    result = import_document(write(tmp_path, "notice.txt", text))
    regulations = result.pack["regulations"]
    assert [r["title"] for r in regulations] == ["甲会议事规则", "乙会议事规则"]
    assert all(r["document_number"] == "某中发〔2021〕7号" for r in regulations)
    assert all(r["effective_from"] == "2021-04-02" for r in regulations)
    assert [len(r["articles"]) for r in regulations] == [2, 1]
    assert "各科室：" in result.report.cover


def test_html_page_with_debris(tmp_path):
    path = write(tmp_path, "page.html", HTML)
    lines = read_document(path)
    assert lines[0] == "某某局党组会议议事规则"
    assert not any("counter" in line or "color" in line for line in lines)
    result = import_document(path)
    (regulation,) = result.pack["regulations"]
    assert regulation["title"] == "某某局党组会议议事规则"
    assert len(regulation["articles"]) == 3
    dropped = " ".join(text for text, _ in result.report.dropped)
    for debris in ("当前位置", "浏览次数", "相关文档", "打印本页", "版权所有", "新闻中心"):
        assert debris in dropped
    data = packed(result, "党组会议")
    assert data["roles"]["chair"] == {"post": post_slug(result, "党组书记")}
    assert rule_values(meeting_type(result, "党组会议"), "topics.deadline")[0]["days"] == 2
    assert regulation["effective_from"] == "2022-05-10"  # only the page's date: used, and flagged
    assert any(flag.field == "effective_from" for flag in result.report.regulations[0].flags)


def test_gb18030_text(tmp_path):
    path = write(tmp_path, "gb.txt", GB_TEXT, encoding="gb18030")
    result = import_document(path)
    assert result.report.encoding == "gb18030"
    assert result.pack["regulations"][0]["title"] == "某街道办事处主任办公会议制度"
    data = packed(result, "主任办公会议")
    assert data["attendance"]["leave_lead_hours"] == 24
    assert data["attendance"]["leave_approver"] == {"post": post_slug(result, "主任")}


def test_utf8_with_full_width_spaces_and_blank_lines(tmp_path):
    text = "\ufeff某所所务会制度\n\n\u3000\u3000一、所务会每月召开一次。\u00a0\n\n\n二、所务会由所长主持。\n"
    lines = read_document(write(tmp_path, "rules.txt", text))
    assert lines == ["某所所务会制度", "一、所务会每月召开一次。", "二、所务会由所长主持。"]


def test_docx_made_with_python_docx(tmp_path):
    import docx
    document = docx.Document()
    document.add_heading("某某学院院务会议事规则", level=1)
    for line in ("第一条 院务会由院长召集并主持。", "第二条 院务会每月第一周的星期三下午3:00召开。",
                 "第三条 院务会须有半数以上成员到会方可召开。", "第四条 会议主持人末位表态。"):
        document.add_paragraph(line)
    path = tmp_path / "rules.docx"
    document.save(path)
    result = import_document(path)
    (regulation,) = result.pack["regulations"]
    assert regulation["title"] == "某某学院院务会议事规则"
    assert regulation["numbering"] == "chapter_article"
    assert len(regulation["articles"]) == 4
    data = packed(result, "院务会")
    assert data["cadence"]["time"] == "15:00"
    assert data["decisions"]["quorum"] == "1/2"
    assert data["decisions"]["chair_speaks_last"] is True


def test_numbering_gap_is_flagged(tmp_path):
    text = "某会议制度\n第一条 甲。\n第二条 乙。\n第四条 丙。\n"
    result = import_document(write(tmp_path, "gap.txt", text))
    assert any(flag.field == "numbering" and "第四条" in flag.source for flag in result.report.regulations[0].flags)


def test_two_times_for_one_meeting_are_flagged(tmp_path):
    text = "某处处务会制度\n一、处务会每周一上午9:00召开。\n二、处务会每周一上午10:00召开。\n"
    result = import_document(write(tmp_path, "times.txt", text))
    flags = flagged(meeting_type(result, "处务会"), "cadence.time")
    assert flags and {"09:00", "10:00"} <= set(flags[0].candidates)


def test_unknown_format_is_a_clear_error(tmp_path):
    path = tmp_path / "rules.rtf"  # .pdf and .doc are read since issue 15
    path.write_bytes(b"{\\rtf1 }")
    with pytest.raises(ImportFailed, match="不支持的文件类型 .rtf"):
        import_document(path)


def test_damaged_pdf_is_a_clear_error(tmp_path):
    path = tmp_path / "rules.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportFailed, match="不是可读的 PDF 文件"):
        import_document(path)


def test_existing_posts_are_reused_by_name(tmp_path):
    from yishi.content.importer import Directory

    text = "某所所务会制度\n一、所务会由所长主持，副所长、办公室参加。\n"
    directory = Directory(posts={"所长": "head-of-institute"})
    result = import_document(write(tmp_path, "rules.txt", text), directory=directory)
    data = packed(result, "所务会")
    assert data["roles"]["chair"] == {"post": "head-of-institute"}
    declared = result.pack["organisation"]
    assert [post["name"] for post in declared["posts"]] == ["副所长"]  # the existing one is not redeclared
    assert [department["name"] for department in declared["departments"]] == ["办公室"]
