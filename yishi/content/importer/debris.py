"""Web-page debris: navigation, page metadata, counters, copyright, buttons, site promotion."""

import re

_NAVIGATION = re.compile(r"^(您?当前的?位置|您的位置|你的位置|你现在的位置|所在位置|当前页面)\s*[:：]?")
_BREADCRUMB = re.compile(r"^(首页|主页|网站首页)\s*[>»/›]")
_META_LABEL = (
    r"(发布时间|更新时间|发布日期|发文日期|信息来源|来源|作者|编辑|责任编辑|字体|字号|点击|点击数|点击量"
    r"|浏览|浏览次数|浏览量|阅读|阅读次数|访问量|访问次数|文章来源)"
)
_META_START = re.compile(rf"^[【\[(（]?{_META_LABEL}\s*[:：]")
_META_FIELD = re.compile(rf"{_META_LABEL}\s*[:：]")
_COPYRIGHT = re.compile(
    r"版权所有|copyright|©|ICP备|ICP证|公网安备|网站标识码|主办单位\s*[:：]|承办单位\s*[:：]|技术支持\s*[:：]", re.I
)
_PROMOTION = re.compile(
    r"小编|为大家整理|为您整理|希望对您|希望能够对|希望能对|仅供参考|转载请|本文链接|原文地址|本文地址|移动端"
    r"|扫一扫|二维码|关注我们|分享到"
)
_URL = re.compile(r"https?://|www\.[a-z0-9-]+\.", re.I)
# Whole-line furniture: made only of these words, brackets and separators.
_BUTTONS = re.compile(
    r"打印本页|打印此页|打印正文|关闭窗口|关闭本页|加入收藏|收藏本页|收藏|打印|关闭|返回顶部|返回首页|返回列表|返回|"
    r"相关文档|相关链接|相关阅读|相关文章|相关新闻|相关附件|附件下载|点击下载|下载附件|下载|上一篇|下一篇|上一条|下一条|"
    r"字体|字号|双击滚屏|[大中小]|默认|分享|纠错|我要纠错|保存|【|】|[\[\]()（）|:：>»/·\s]"
)
_PAGE_TITLE = re.compile(r"[\u4e00-\u9fff》)）]\s*[_|]\s*[\u4e00-\u9fff《]")  # "制度_某某网", "标题|站名"


def debris_reason(line: str) -> str | None:
    """Why `line` is page debris, or None if it may be document text."""
    if _NAVIGATION.search(line) or _BREADCRUMB.search(line):
        return "导航"
    if _META_START.search(line) or len(_META_FIELD.findall(line)) >= 2 or "双击滚屏" in line:
        return "页面信息"
    if _COPYRIGHT.search(line) and len(line) <= 120:
        return "版权声明"
    if _PROMOTION.search(line):
        return "网站推广"
    if _URL.search(line) and len(_URL.sub("", line)) < 40:
        return "链接"
    if len(line) <= 40 and not _BUTTONS.sub("", line):
        return "页面按钮"
    if _PAGE_TITLE.search(line):
        return "网页标题"
    return None
