"""Realistic township rosters for tests and the benchmark: people of 乡宁县 with
valid resident ID numbers, written as CSV or XLSX files row by row."""

import csv
import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from stdnum.cn import ric

HEADER_ZH = ("身份证号码", "姓名", "乡镇", "村", "户籍类型", "工作单位类型")
HEADER_EN = (
    "resident_id_number",
    "name",
    "township",
    "village",
    "registration",
    "employer_sector",
)

TOWNSHIPS: dict[str, tuple[str, ...]] = {
    "昌宁镇": ("城北村", "城南村", "东城村", "西城村", "辛庄村", "下川村"),
    "光华镇": ("光华村", "庄头村", "长胜村", "杨家坡村", "新民村"),
    "台头镇": ("台头村", "高家村", "吉家岭村", "寺底村", "后庄村"),
    "管头镇": ("管头村", "坡底村", "郭家村", "阳川村"),
    "西坡镇": ("西坡村", "南坪村", "堡子村", "北庄村"),
    "双鹤乡": ("双鹤村", "大河村", "小河村", "前坡村"),
    "尉庄乡": ("尉庄村", "吉家村", "东庄村", "西庄村"),
    "关王庙乡": ("关王庙村", "牛王村", "下庄村", "南岭村"),
    "枣岭乡": ("枣岭村", "岭上村", "石门村", "新庄村"),
    "西交口乡": ("西交口村", "岔口村", "古城村", "马家岭村"),
}

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
    "程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜"
    "范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤"
    "尹黎易常武乔贺赖龚文"
)
GIVEN_MEN = "建国军伟强磊勇刚杰涛斌超明华平志峰浩宇鹏飞海龙鑫波辉成亮俊东文"
GIVEN_WOMEN = "秀英兰芳丽敏静娟霞艳玲红燕梅琴云莉婷雪慧娜洁琳桂凤珍花翠萍春"
FARM_WORK = ("务农", "务农", "务农", "个体", "外出务工", "", "")
OTHER_REGIONS = ("140102", "110105", "140106", "141002")
BORN_FROM, BORN_TO = date(1935, 1, 1), date(2023, 12, 31)


class Person(NamedTuple):
    resident_id_number: str
    name: str
    township: str
    village: str
    registration: str
    employer_sector: str


class BadRoster(NamedTuple):
    rows: list[Person]
    rejections: dict[int, str]  # row number (header = 1) -> reason code
    warnings: dict[int, str]  # row number -> warning code, for accepted rows


def id_number(region: str, born: date | str, sequence: int) -> str:
    """An 18-character resident ID number with its check digit; `born` may be
    an impossible date as text (YYYYMMDD)."""
    day = born if isinstance(born, str) else f"{born:%Y%m%d}"
    body = f"{region}{day}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def generate_people(
    count: int,
    seed: int,
    township: str | None = None,
    *,
    anachronisms: bool = True,
) -> Iterator[Person]:
    """`count` rural residents with distinct valid ID numbers.

    Region codes are mostly 141029, some 142631 (Xiangning before 2000) and some
    of other places (people who moved in). With `anachronisms` a code may be one
    not in force in the birth year (141029 for someone born in 1960), as in
    life; without, every number also passes stdnum's region check."""
    rng = random.Random(seed)
    townships = [township] if township else list(TOWNSHIPS)
    span = (BORN_TO - BORN_FROM).days
    seen: set[str] = set()
    while len(seen) < count:
        born = BORN_FROM + timedelta(days=rng.randrange(span + 1))
        region = _region(rng, born, anachronisms)
        man = rng.random() < 0.5
        sequence = rng.randrange(500) * 2 + (1 if man else 0)
        number = id_number(region, born, sequence)
        if number in seen:
            continue
        seen.add(number)
        place = rng.choice(townships)
        village = rng.choice(TOWNSHIPS.get(place, ("一村",)))
        given = GIVEN_MEN if man else GIVEN_WOMEN
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(given) for _ in range(rng.choice((1, 2, 2)))
        )
        registration = rng.choice(("农业户口", "农业户口", "农业", "农村"))
        yield Person(number, name, place, village, registration, rng.choice(FARM_WORK))


def _region(rng: random.Random, born: date, anachronisms: bool) -> str:
    roll = rng.random()
    if anachronisms:
        if roll < 0.7:
            return "141029"
        return "142631" if roll < 0.9 else rng.choice(OTHER_REGIONS)
    # only codes in force in the birth year
    if roll < 0.9:
        return "141029" if born.year >= 2000 else "142631"
    return "110105"


def write_csv(
    path: Path,
    rows: Iterable[Sequence[str]],
    header: Sequence[str] = HEADER_ZH,
    encoding: str = "utf-8",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: Iterable[Sequence[str]], header: Sequence[str] = HEADER_ZH
) -> Path:
    """A write-only workbook; every cell, ID numbers included, is text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(list(header))
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)
    return path


def roster_with_bad_rows(township: str, count: int, seed: int) -> BadRoster:
    """`count` good people of `township`, with every kind of bad row (each at
    least twice) and rows with a region code to warn about mixed in.

    Row numbers count the header as row 1."""
    rng = random.Random(seed)
    good = list(generate_people(count, seed, township, anachronisms=False))
    extra = generate_people(40, seed + 1, township, anachronisms=False)
    other = next(t for t in TOWNSHIPS if t != township)

    def fresh() -> Person:
        while True:
            person = next(extra)
            if person.resident_id_number not in taken:
                taken.add(person.resident_id_number)
                return person

    taken = {p.resident_id_number for p in good}
    bad: list[tuple[Person, str | None]] = []
    for n in range(2):
        number = fresh().resident_id_number
        wrong_check = number[:17] + ("X" if number[17] == "0" else "0")
        bad += [
            (fresh()._replace(resident_id_number=wrong_check), "INVALID_ID_NUMBER"),
            (
                fresh()._replace(resident_id_number=number[: 16 + n]),
                "INVALID_ID_NUMBER",
            ),
            (
                fresh()._replace(
                    resident_id_number=id_number(
                        "141029", ("20001302", "20000230")[n], 11
                    )
                ),
                "INVALID_ID_NUMBER",
            ),
            (good[n]._replace(name=fresh().name), "DUPLICATE_IN_FILE"),
            (
                fresh()._replace(registration=("非农业户口", "城镇")[n]),
                "URBAN_REGISTRATION",
            ),
            (fresh()._replace(employer_sector="乡政府机关"), "PUBLIC_SECTOR_STAFF"),
            (fresh()._replace(employer_sector="事业单位"), "PUBLIC_SECTOR_STAFF"),
            (fresh()._replace(name=""), "MISSING_FIELD"),
            (fresh()._replace(resident_id_number=""), "MISSING_FIELD"),
            (fresh()._replace(township=other), "TOWNSHIP_MISMATCH"),
        ]
    # accepted, with a warning: numbers assigned after a code changed
    born_early = fresh()._replace(
        resident_id_number=id_number("141029", date(1962, 3, 8), 31)
    )
    moved_in = fresh()._replace(
        resident_id_number=id_number("140102", date(2005, 7, 1), 42)
    )
    bad += [(born_early, None), (moved_in, None)]

    rows: list[tuple[Person, str | None]] = [(p, None) for p in good]
    for item in bad:
        # after the first good row, so that duplicates come second
        rows.insert(rng.randrange(count // 2 + 1, len(rows) + 1), item)
    rejections = {i + 2: code for i, (_, code) in enumerate(rows) if code}
    warnings = {
        i + 2: "REGION_CODE_UNKNOWN"
        for i, (p, code) in enumerate(rows)
        if code is None and p in (born_early, moved_in)
    }
    return BadRoster([p for p, _ in rows], rejections, warnings)
