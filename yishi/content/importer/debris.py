"""Web-page debris: navigation, page metadata, counters, copyright, buttons, site promotion.

Whole lines are dropped (`debris_reason`); debris glued onto a line of text — a document site's
serial number in front of the title, its "本文来源:URL" after the last article — is cut off
(`strip_inline`). Either way the text removed is listed in the report with its reason.
"""

import re

from .text import TITLE_WORD

_NAVIGATION = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,8}\s+)?(您?当前(?:所在)?的?位置|您所在的位置|您的位置|你的位置|你现在的位置|所在位置|当前页面)"
    r"\s*[:：]?"
    r"|^位置\s*[:：]"
)
_BREADCRUMB = re.compile(
    r"^(首页|主页|网站首页)\s*[>»/›]|^(?:首页|主页|网站首页)(?:\s+[\u4e00-\u9fff]{2,8}){1,12}$"
    r"|^[\u4e00-\u9fff]{2,10}\s*[>»›]+\s*[\u4e00-\u9fff]{2,10}\s*[>»›]+"  # "某某网 > 规章制度 > 正文"
)
_META_LABEL = (
    r"(发布时间|更新时间|发布日期|发文日期|发布人|发表时间|信息来源|来源|作者|编辑|责任编辑|字体|字号|点击|点击数|点击量"
    r"|浏览|浏览次数|浏览量|阅读|阅读次数|访问量|访问次数|文章来源|查看人数|人气|上传人|上传者|上传时间|上传日期|文档编号"
    r"|文档格式|页数|文件大小|索引号|主题分类|公开方式|公开范围|公开时限|信息类别|组配分类|体裁分类|发布者|供稿|撰稿|录入|文章录入|原标题"
    r"|栏目|所属栏目|所属专题|专题|发布于|释出于|导语|发表于|ID|大小)"
)
_META_START = re.compile(rf"^[【\[(（]?{_META_LABEL}\s*[:：]")
_META_FIELD = re.compile(rf"{_META_LABEL}\s*[:：]")
# A page's timestamp, to the second, under any label: "时间:2021-10-22 12:59:38 浏览次数:"
_TIMESTAMP = re.compile(
    r"^[\u4e00-\u9fff]{0,4}\s*[:：]?\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}:\d{2}"
    r"|^(?:发表于|发布于|更新于|上传于)\s*(?:19|20)\d{2}[-/.年]"  # "发表于 2020-01-01 12:00"
    r"|^(?:时间\s*[:：]\s*)?(?:19|20)\d{2}-\d{1,2}-\d{1,2}$"  # a page's date (a regulation writes 2024年7月15日)
    rf"|^(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}\s+[^。]{{0,20}}?{_META_LABEL}\s*[:：]"  # "2017-07-10  点击:[]"
)
# A counter in a site's shorthand under a category name: "制度3.94K", "人气2.31W"
_SHORT_COUNTER = re.compile(r"^[\u4e00-\u9fff]{0,6}\s*\d+(?:\.\d+)?\s*[KkWw万]$")
# Spam a hijacked site injects into its pages (gambling brands).
_BRANDS = r"皇冠\s*[Hh][Gg]\d*|[Hh][Gg]\d{3,}|PG电子|(?:英国)?正版365|365官方|[Bb]et365"
_HIJACK = re.compile(
    rf"{_BRANDS}|博彩|娱乐城|真人娱乐|百家乐|老虎机|澳门(?:银河|新葡京|威尼斯人)|开云|[Kk]aiyun|体育(?:平台|官网)"
)
# The brand a hijacked site glues onto a page's own title: "皇冠hg8868老版本院务会制度" keeps "院务会制度".
_HIJACK_BRAND = re.compile(rf"^(?:{_BRANDS})[^\u4e00-\u9fff]*(?:老版本|官网|官方网站)?")
_COPYRIGHT = re.compile(
    r"版权所有|版权声明|版权说明|copyright|©|ICP备|ICP证|公网安备|网站标识码|主办单位\s*[:：]|承办单位\s*[:：]|技术支持\s*[:：]"
    r"|侵权|举报|地址\s*[:：].{0,40}?电话\s*[:：]", re.I
)
_PROMOTION = re.compile(
    r"小编|为大家整理|为您整理|希望对您|希望能够对|希望能对|仅供参考|转载请|本文链接|原文地址|本文地址|本文来源|移动端"
    r"|扫一扫|二维码|关注我们|分享到|欢迎光临|欢迎阅读|范文网|范文频道|请访问|经常来哦|该内容由.{1,20}提供|随便看"
    r"|百科全书收录|网友评论|暂无评论|在百度搜索|免费范文|精选优质文档|倾情为你奉上|集锦\d+篇|通用\d+篇|精选\d+篇"
    r"|免责声明|本站部分|来自网络|网友上传|不代表本站观点|客服老师|注册用户上传|仅供学习参考|扫码分享|本文关键词"
    r"|仅供大家参考|会员上传"
    r"|热门搜索|文章标签|下载后可(?:随意)?编辑|为word格式|点击率最高|点击查看|原文链接|关注[^。]{0,10}公众号|公众号\s*[:：]|长按识别|点击上方|查看更多|阅读原文"
)
# Document-sharing sites: download notices, previews, page counters, member walls.
_DOCUMENT_SITE = re.compile(
    r"合集下载|下载文档前|下载本文档|仅部分预览|可在线预览|如文档侵犯"
    r"|文档简介|已阅读\s*\d+\s*页|还剩\s*\d+\s*页|继续免费阅读|全文预览已结束|附件列表|_第\s*\d+\s*页$"
    r"|本文共\s*\d+\s*字|站内会员|点此注册|刷新页面|登录网站|文秘热线|打开全文|内容预览[:：]?$|^会员$|加入会员|正式会员|付费"
    r"|^第\s*\d+\s*页\s*[/／]?\s*共\s*\d+\s*页$|该文档总共\s*\d+\s*页|全部预览完了|喜欢就下载|^资源描述[:：]?$"
    r"|由会员分享|预览已结束|可下载查看|文档贡献者|下载完整版|本文档为【|共有\s*\d+\s*页|最多只能预览|请下载原文档"
    r"|^下载\s*(?:doc|docx|pdf|word|wps)?\s*文档$|本文由.{1,20}?上传|^\d{1,3}\s*/\s*\d{1,3}$|请在[^。]{1,12}上搜索|由用户(?:提供并)?上传|下载券|阅读全文$|展开全文$"
    r"|^共\s*\d+\s*页\s*[,，/／]?\s*第\s*\d+\s*页$|^[-—–]\s*\d{1,3}\s*[-—–]$|开通VIP|VIP专享|VIP会员|立即下载|^下载文档$"
)
# A page's counter on a line of its own: "1 次访问", "阅读 35 次"
_COUNTER = re.compile(
    r"^\d+\s*(?:次|人次)\s*(?:访问|浏览|阅读|点击|查看)$|^(?:访问|浏览|阅读|点击|查看)\s*\d+\s*次?$"
    r"|^(?:(?:浏览|评论|阅读|点赞|收藏)\s*[(（]\d+[)）]\s*)+$"  # "浏览(123) 评论(0)"
)
_QUESTION_SITE = re.compile(
    r"^问题描述[:：]?|^最佳答案$|^推荐答案$|^其他答案$|时间紧迫|求直接说|精选资讯|严选问答|提问者采纳|^展开全部$|^收起$"
    r"|^(?:回答|提问)(?:者|时间)\s*[:：]|^\d+\s*(?:个回答|条回答|人赞同)$"
)
# A category of a site's pages on a line of its own ("规章制度", "学院制度"): no regulation is titled this.
_SITE_CATEGORY = re.compile(r"^(?:规章|管理|内部|学院|学校|校内|公司|单位|行政|综合|其他|相关|工作)制度$")
_SITE_LINKS = re.compile(
    r"^(?:Tag|标签|关键词|相关文章|相关推荐|相关阅读|热门文章|推荐阅读|推荐访问|延伸阅读|猜你喜欢|热门推荐|更多阅读)\s*[:：]"
    r"|^[-·•\s]*(?:上一[条篇]|下一[条篇])(?:文章)?\s*[:：]"
)
_CODE = re.compile(
    r"^(?:style|script|function|var|map)$|<%|%>|Response\.Write|document\.write|\bvar\s+\w+\s*=|function\s*\("
    r"|^\s*<[a-z!/]", re.I,
)
# What a site writes under the text it copied: "以上为…的具体内容，希望…"; a regulation's own last article
# ("以上制度自…起执行") names no such thing.
_CLOSING = re.compile(r"^以上(?:为|即为|即是|就是|是)[^。]{0,40}?(?:具体内容|内容要点|基本框架|具体规定|全部内容)")
_URL = re.compile(r"https?://|www\.[a-z0-9-]+\.", re.I)
# Whole-line furniture: made only of these words, brackets and separators.
_BUTTONS = re.compile(
    r"打印本页|打印此页|打印正文|关闭窗口|关闭本页|加入收藏|收藏本页|收藏|打印|关闭|返回顶部|返回首页|返回列表|返回|"
    r"相关文档|相关链接|相关阅读|相关推荐|相关文章|相关新闻|相关附件|附件下载|点击下载|下载附件|下载|上一篇|下一篇|上一条|下一条|"
    r"字体|字号|双击滚屏|[大中小]|默认|分享|纠错|我要纠错|保存|网站地图|联系我们|无障碍|设为首页|登录|注册|"
    r"上一页|下一页|首页|尾页|手机版|电脑版|点击进入|点击查看|评论|点赞|赞|最新文章|热门文章|推荐文章|邮箱|微信|微博|QQ|"
    r"【|】|[\[\]()（）|:：>»/·\s-]"
)
# "制度_某某网", "标题|站名", "某某基金会-【官网】"
_PAGE_TITLE = re.compile(r"[\u4e00-\u9fff》)）]\s*[_|]\s*[\u4e00-\u9fff《]|[-_|—]?\s*【官网】|[-_|—]\s*官方网站$")

# Debris glued onto text: (pattern, reason). Each is cut out where it stands.
_INLINE = [
    (re.compile(r"^编号\s*[:：]\s*\d+"), "文档站编号"),
    # a controlled document's header run into its title: "文件编号:AB-01版次:A/0页码:1/1"
    (re.compile(r"文件编号\s*[:：]\s*[A-Za-z0-9/.\-]+(?:\s*(?:版次|版本|页码|页次|受控状态)\s*[:：]\s*[A-Za-z0-9/.\-]+)*"),
     "文件页眉"),
    (re.compile(r"(?:19|20)[0-9X]{2}\s*/\s*X{1,2}\s*/\s*X{1,2}"), "模板日期"),
    (re.compile(r"\[标签\s*[:：][^\]]*\]"), "网站推广"),
    (re.compile(r"本文来源\s*[:：]\s*\S*$"), "链接"),
    (re.compile(r"精选优质文档\s*[-—]*\s*倾情为你奉上"), "文档站声明"),
    (re.compile(r"^(?:词条|释义)\s*[|｜]\s*|\s*[|｜]\s*$"), "百科页面"),
    (re.compile(r"^内容预览\s*[:：]\s*"), "文档站预览"),
    (re.compile(r"[（(][^（）()]{0,20}省略\s*\d+\s*字[^（）()]{0,20}[）)]"), "文档站预览"),
    # "【精品文档】局务会议制度（word可编辑版）": the site's label around a title, not the title
    (re.compile(r"[【\[（(]\s*(?:精品文档|(?:[Ww]ord|WORD)?\s*可编辑版?|[Ww]ord版|WORD版)\s*[】\]）)]"), "文档站声明"),
    # a page's ruby text run into the line: "政协(xié)" — pinyin with a tone mark after a character
    (re.compile(r"(?<=[\u4e00-\u9fff])\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)"), "注音"),
]


def debris_reason(line: str) -> str | None:
    """Why `line` is page debris, or None if it may be document text."""
    if _NAVIGATION.search(line) or _BREADCRUMB.search(line):
        return "导航"
    if _META_START.search(line) or len(_META_FIELD.findall(line)) >= 2 or "双击滚屏" in line \
            or _TIMESTAMP.search(line) and len(line) <= 60 or _SHORT_COUNTER.search(line):
        return "页面信息"
    if _HIJACK.search(line) and len(line) <= 120:
        return "网站劫持"
    if _CODE.search(line):
        return "网页代码"
    if _DOCUMENT_SITE.search(line) and len(line) <= 300:
        return "文档站声明"
    if _COPYRIGHT.search(line) and len(line) <= 120:
        return "版权声明"
    if _QUESTION_SITE.search(line) or _SITE_LINKS.search(line) or _SITE_CATEGORY.search(line):
        return "网站栏目"
    if (_PROMOTION.search(line) or _CLOSING.search(line)) and len(line) <= 300:  # a whole text run on: kept
        return "网站推广"
    if _URL.search(line) and len(_URL.sub("", line)) < 40:
        return "链接"
    if _COUNTER.search(line):
        return "页面信息"
    if len(line) <= 40 and not _BUTTONS.sub("", line):
        return "页面按钮"
    if _PAGE_TITLE.search(line):
        return "网页标题"
    if len(line) <= 1 or not re.search(r"[\u4e00-\u9fff0-9A-Za-z]", line)\
            or re.fullmatch(r"[A-Za-z]{2,12}", line):
        return "残片"
    return None


def is_fragment(line: str) -> bool:
    """"文章。": a word left of a cut sentence, once wrapped lines are joined (a PDF's "召开。" is by then)."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,2}[。.]", line))


def is_menu_entry(line: str, longest: int = 6) -> bool:
    """A word a site's menu could hold ("政策法规"): short, bare, and no title or heading of a regulation."""
    return bool(re.fullmatch(rf"[\u4e00-\u9fff]{{2,{longest}}}", line)) \
        and not re.search(rf"(?:{TITLE_WORD}|会议|会|总则|附则|[章条节])$", line)


def strip_inline(line: str) -> tuple[str, list[tuple[str, str]]]:
    """`line` without the debris glued onto it, and the (text, reason) pairs cut out."""
    removed = []
    for pattern, reason in _INLINE:
        for match in pattern.finditer(line):
            if match.group(0).strip():
                removed.append((match.group(0).strip(), reason))
        line = pattern.sub("", line)
    brand = _HIJACK_BRAND.match(line)
    if brand and re.search(rf"{TITLE_WORD}$", line):  # a title under the spam: kept, the spam cut
        removed.append((brand.group(0), "网站劫持"))
        line = line[brand.end():]
    return line.strip(), removed
