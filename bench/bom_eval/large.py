"""A large generated BOM: rows naming demo-catalog products the many ways people write them.

Deterministic (seeded). About 10 % of the rows are things we do not sell (bolts, paint, welding
wire, discs, roofing, plastic and copper pipes, services) or sizes and sections we do not stock
(IPN, HEM, UPE, IPE 750, 300x200x10 tubes): they must stay unmatched. Grades are written exactly,
by an older or looser name (OL37, St52-3, S355, PC52, 1.4301, AlMg3), or left out where the
standard grade is the only sensible reading (what a sales operator would quote).
"""

import random
import unicodedata
from collections import defaultdict
from decimal import Decimal

from catalog.demo_data import product_rows
from projects.bom.description import (
    ALUMINIUM,
    ANGLE,
    CHECKER,
    CHS,
    FLAT_BAR,
    GALVANIZED,
    HEA,
    HEB,
    IPE,
    REBAR,
    RHS,
    ROUND_BAR,
    SHEET,
    SHS,
    SQUARE_BAR,
    STAINLESS,
    UNP,
    read_description,
)

SKIP = "SKIP"
HEADER = ["Nr. crt", "Denumire", "Cod", "Calitate", "Cantitate", "UM", "Lungime", "Obs."]

GRADE_NAMES = {
    "S235JR": ["S235JR", "S235JR", "OL37", "S235", "St37-2", "S235JR+AR"],
    "S355J2": ["S355J2", "S355J2+N", "S355", "St52-3", "OL52"],
    "S235JRH": ["S235JRH", "S235", "OL37"],
    "C45": ["C45", "OLC45", "C45E"],
    "DC01": ["DC01", "DC01", "St12"],
    "DX51D": ["DX51D", "DX51D+Z275", "DX51D Z275"],
    "BST500S": ["BST500S", "B500C", "PC52"],
    "304": ["AISI 304", "304", "1.4301"],
    "316L": ["316L", "AISI 316L", "1.4404"],
    "1050": ["1050", "1050 H24", "EN AW 1050"],
    "5754": ["5754", "AlMg3", "5754 H22"],
    "6060": ["6060", "6060 T6"],
}
DEFAULT_GROUPS = {"S235", "REBAR", "304"}

NOT_CATALOG = [
    "Șurub M{m}x{l} gr. 8.8", "Surub hexagonal M{m}x{l}", "Piuliță M{m}", "Șaibă M{m}", "Prezon M{m}x{l}",
    "Diblu {d}x{l}", "Ancoră chimică M{m}", "Vopsea alchidică gri {n} l", "Grund anticoroziv", "Diluant nitro",
    "Sârmă sudură SG2 Ø{w}", "Electrozi rutilici {w}", "Disc debitare 125x{w}", "Disc polizor 230",
    "Tablă cutată T35 0,5 mm", "Țiglă metalică", "Țeavă PVC {p}", "Țeavă cupru {d}x1", "Plasă sudată Ø6 150x150",
    "Manoperă montaj", "Transport", "Hex bolt M{m}x{l} 8.8", "Nut M{m}", "Washer M{m}", "Welding wire {w} mm",
    "Paint RAL 7035", "Primer grey", "Cutting disc 125x{w}", "Anchor bolt M{m}", "Copper pipe {d}x1",
    "PVC pipe {p}", "Grating 30x3", "Flanșă DN{p}", "Cot 90 DN{p}", "Balama sudabilă {d}", "Lanț {w} mm",
    # sections and sizes we do not stock
    "Profil IPN {s}", "HEM {s}", "UPE {s}", "IPE 750", "HEA 1000", "Țeavă rectangulară 300x200x10",
    "Cornier 200x200x20", "Tablă neagră 25 mm 3000x1500", "Oțel rotund Ø150", "Platbandă 200x20",
    "Țeavă pătrată 250x250x10", "Tablă inox 0,5 mm", "Round tube 323.9x8", "Profil T 50x50x6",
]  # fmt: skip


def _strip(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _num(value: Decimal, comma: bool) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if comma else text


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def x(self) -> str:
        return self.rng.choice(["x", "x", "x", " x ", "X", "*"])

    def dims(self, values, comma: bool) -> str:
        sep = self.x()
        return sep.join(_num(v, comma) for v in values)

    def diameter(self) -> str:
        return self.rng.choice(["Ø", "Ø", "Ø ", "D", "d", "fi ", "D="]).replace("D=", "D")

    def describe(self, reading, english: bool) -> str:
        r, c = self.rng, (not english) and self.rng.random() < 0.7
        f, dims = reading.family, reading.dims
        s = lambda values: self.dims(values, c)  # noqa: E731
        steel = reading.material not in (STAINLESS, ALUMINIUM)
        if f in (IPE, HEA, HEB, UNP):
            size = _num(dims[0], False)
            letter = {HEA: "A", HEB: "B"}.get(f, "")
            options = {
                IPE: [f"Profil IPE {size}", f"IPE{size}", f"IPE {size}", f"Grinda IPE {size}", f"IPE-{size}"],
                HEA: [f"Profil HEA {size}", f"HEA{size}", f"HE {size} A", f"HE{size}A", f"Stalp HEA {size}"],
                HEB: [f"Profil HEB {size}", f"HEB{size}", f"HE {size} B", f"HE{size}B", f"Stalp HEB {size}"],
                UNP: [f"Profil UNP {size}", f"UNP{size}", f"U {size}", f"Profil U{size}", f"UPN {size}"],
            }[f]
            english_options = {
                IPE: [f"IPE {size} beam", f"Beam IPE{size}", f"IPE-{size}"],
                HEA: [f"HEA {size} column", f"HE {size} {letter}", f"HE-A {size}"],
                HEB: [f"HEB {size} column", f"HE {size} {letter}", f"HE-B {size}"],
                UNP: [f"Channel UPN {size}", f"UPN{size} channel", f"U-channel {size}"],
            }[f]
            return r.choice(english_options if english else options)
        if f == ANGLE:
            a, b, t = dims
            equal = a == b
            alu = " aluminiu" if reading.material == ALUMINIUM else ""
            if english:
                prefix = (
                    "Aluminium angle" if alu else r.choice(["Angle", "Equal angle" if equal else "Unequal angle", "L"])
                )
                return f"{prefix} {s((a, b, t))}"
            forms = [f"Cornier{alu} {s((a, b, t))}", f"Corniera{alu} {s((a, b, t))}", f"L{s((a, b, t))}{alu}"]
            forms.append(f"L {s((a, b, t))}{alu}")
            if equal:
                forms.append(f"Cornier{alu} {s((a, t))}")
            else:
                forms.append(f"Cornier neegal{alu} {s((a, b, t))}")
            return r.choice(forms)
        if f in (RHS, SHS, CHS):
            inox = not steel
            if f == RHS:
                h, b, t = dims
                size = s((h, b, t)) if r.random() < 0.8 else s((b, h, t))
                ro = ["Țeavă rectangulară {}", "Teava rect. {}", "Tv. rect. {}", "Teava {}", "Țeavă dreptunghiulară {}"]
                en = ["RHS {}", "Rectangular tube {}", "Rectangular hollow section {}"]
            elif f == SHS:
                a, t = dims
                size = s((a, a, t)) if r.random() < 0.85 else s((a, t))
                ro = ["Țeavă pătrată {}", "Tv. patr. {}", "Teava patrata {}"] + (
                    ["Teava {}"] if size.count("x") == 2 else []
                )
                en = ["SHS {}", "Square tube {}", "Square hollow section {}"]
                if inox:
                    ro, en = ["Țeavă inox pătrată {}", "Teava patrata inox {}"], ["Stainless square tube {}"]
            else:
                d, t = dims
                size = s((d, t))
                ro = ["Țeavă rotundă {}", "Teava " + self.diameter() + "{}", "Teava rotunda D{}", "Țeavă rotundă {} mm"]
                en = ["CHS {}", "Round tube {}", "Pipe {}", "Circular hollow section {}"]
                if inox:
                    ro, en = ["Țeavă inox rotundă {}", "Teava inox " + self.diameter() + "{}"], ["Stainless tube {}"]
            return r.choice(en if english else ro).format(size)
        if f == SHEET:
            t, w, length = dims
            fmt = s((length, w, t)) if r.random() < 0.6 else None
            tt = _num(t, c)
            wl = s((w, length)) if r.random() < 0.5 else s((length, w))
            if reading.material == STAINLESS:
                ro = [f"Tablă inox {tt} mm {wl}", f"Tabla inox {s((t, w, length))}"]
                en = [f"Stainless sheet {tt} mm {wl}", f"Stainless plate {s((length, w, t))}"]
            elif reading.material == ALUMINIUM:
                if reading.variant == CHECKER:
                    ro, en = [f"Tablă aluminiu striată {tt} mm"], [f"Aluminium checker plate {tt} mm"]
                else:
                    ro = [f"Tablă aluminiu {tt} mm", f"Tabla Al {s((t, w, length))}"]
                    en = [f"Aluminium sheet {tt} mm"]
            elif reading.variant == GALVANIZED:
                ro = [f"Tablă zincată {tt} mm {wl}", f"Tabla zincata {s((t, w, length))}"]
                en = [f"Galvanized sheet {tt} mm {wl}", f"Galv. sheet {s((length, w, t))}"]
            elif reading.grade == "DC01":
                ro = [f"Tabla DC01 {tt} mm {wl}", f"Tablă laminată la rece {s((length, w, t))}"]
                en = [f"Cold rolled sheet {tt} mm {wl}"]
            else:
                ro = [
                    f"Tablă neagră {fmt or s((length, w, t))} mm",
                    f"Tabla {tt}mm {wl}",
                    f"Tabla neagra {s((t, w, length))}",
                ]
                en = [f"Steel plate {tt} mm {wl}", f"Plate {s((t, w, length))}", f"Hot rolled sheet {tt} mm {wl}"]
            return r.choice(en if english else ro)
        size = _num(dims[0], c)
        if f == ROUND_BAR:
            if not steel:
                return r.choice(
                    [f"Stainless round bar {size} mm"]
                    if english
                    else [f"Bară inox rotundă Ø{size}", f"Bara inox {self.diameter()}{size}"]
                )
            ro = [
                f"Oțel rotund Ø{size}",
                f"Otel rotund {self.diameter()}{size}",
                f"OR {size}",
                f"Bara rotunda {size} mm",
            ]
            en = [f"Round bar {size} mm", f"Round bar Ø{size}", f"Round bar dia {size}"]
            return r.choice(en if english else ro)
        if f == REBAR:
            ro = [f"Oțel beton Ø{size}", f"Otel beton {self.diameter()}{size}", f"OB {size}", f"Armatura Ø{size}"]
            en = [f"Rebar {size} mm", f"Rebar Ø{size}"]
            return r.choice(en if english else ro)
        if f == SQUARE_BAR:
            ro = [
                f"Oțel pătrat {size}",
                f"Otel patrat {s((dims[0], dims[0]))}",
                f"Bara patrata {s((dims[0], dims[0]))}",
            ]
            en = [f"Square bar {size} mm", f"Square bar {s((dims[0], dims[0]))}"]
            return r.choice(en if english else ro)
        if f == FLAT_BAR:
            w, t = dims
            if reading.material == ALUMINIUM:
                return r.choice([f"Aluminium flat bar {s((w, t))}"] if english else [f"Platbandă aluminiu {s((w, t))}"])
            ro = [f"Platbandă {s((w, t))}", f"Platbanda {s((t, w))}", f"PL {s((w, t))}", f"Lama {s((w, t))}"]
            en = [f"Flat bar {s((w, t))}", f"Flat {s((w, t))}"]
            return r.choice(en if english else ro)
        raise ValueError(f)


def _products():
    """Demo products with their reading, and which of them a grade-less line would mean."""
    rows = product_rows()
    readings = {row["sku"]: read_description(row["title"], row["grade"]) for row in rows}
    by_size = defaultdict(list)
    for row in rows:
        reading = readings[row["sku"]]
        by_size[reading.key].append(row["sku"])
    return rows, readings, by_size


def _grade_optional(sku: str, reading, by_size, readings) -> bool:
    same_size = by_size[reading.key]
    if len(same_size) == 1:
        return True
    if reading.grade_group in DEFAULT_GROUPS:
        return sum(1 for other in same_size if readings[other].grade_group == reading.grade_group) == 1
    return False


def generate(count: int, *, seed: int = 20261123) -> list[tuple[list, str | None]]:
    """`count` rows (cells, expected SKU | None | SKIP), header not included."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    rows, readings, by_size = _products()
    out: list[tuple[list, str | None]] = []
    number = 0
    while len(out) < count:
        roll = rng.random()
        if roll < 0.006:
            out.append((["", "Subtotal" if rng.random() < 0.7 else "TOTAL", "", "", "", "", "", ""], SKIP))
            continue
        if roll < 0.012:
            out.append((["", "", "", "", "", "", "", ""], SKIP))
            continue
        number += 1
        if roll < 0.112:
            template = rng.choice(NOT_CATALOG)
            text = template.format(
                m=rng.choice([8, 10, 12, 16, 20, 24]), l=rng.choice([30, 40, 50, 60, 80, 100]),
                d=rng.choice([6, 8, 10, 15, 22, 28]), n=rng.choice([1, 4, 20]),
                w=rng.choice(["1,0", "1,2", "2,5", "3,2"]), p=rng.choice([32, 50, 80, 110]),
                s=rng.choice([160, 200, 240, 300]),
            )  # fmt: skip
            text = _strip(text) if rng.random() < 0.5 else text
            unit = rng.choice(["buc", "buc", "kg", "l", "set", "m"])
            out.append(([number, text, "", "", str(rng.randint(1, 200)), unit, "", ""], None))
            continue
        row = rng.choice(rows)
        sku, reading = row["sku"], readings[row["sku"]]
        english = rng.random() < 0.35
        text = writer.describe(reading, english)
        if not english and rng.random() < 0.5:
            text = _strip(text)
        case = rng.random()
        text = text.upper() if case < 0.15 else text.lower() if case < 0.3 else text
        if rng.random() < 0.03:
            words = text.split(" ")
            long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
            if long_words:
                i = rng.choice(long_words)
                k = rng.randrange(2, len(words[i]) - 1)
                words[i] = words[i][:k] + words[i][k + 1 :]
                text = " ".join(words)
        grade_cell = ""
        optional = _grade_optional(sku, reading, by_size, readings)
        if reading.grade and not (optional and rng.random() < 0.35):
            names = GRADE_NAMES.get(reading.grade, [reading.grade])
            name = rng.choice(names)
            if rng.random() < 0.4:
                grade_cell = name
            else:
                text = f"{text} {name}"
        if rng.random() < 0.08:
            text = f"{text} {rng.choice(['pentru structura', 'conform proiect', '(debitat)', 'ref. A12', 'hala'])}"
        code = ""
        if rng.random() < 0.12:
            code = sku
        elif rng.random() < 0.08:
            code = f"ART-{rng.randint(1000, 99999)}"
        comma = not english
        quantity, unit, length = _quantity(rng, row, comma)
        out.append(([number, text, code, grade_cell, quantity, unit, length, ""], sku))
    return out


def _quantity(rng: random.Random, row: dict, comma: bool) -> tuple[str, str, str]:
    base = row["baseUnit"]
    if base == "pcs":
        return str(rng.randint(1, 40)), rng.choice(["buc", "buc.", "bucăți", "pcs", "ea", "pc"]), ""
    if base == "kg":
        if rng.random() < 0.2:
            value = Decimal(rng.randint(2, 40)) / 10
            return _num(value, comma), rng.choice(["to", "t", "tone"]), ""
        value = Decimal(rng.randint(200, 20000)) / 10
        return _num(value, comma), rng.choice(["kg", "KG", "kg"]), ""
    if rng.random() < 0.25:
        length = rng.choice(["6000", "12000", "2450", "3600", "6 m", "1250"])
        return str(rng.randint(1, 24)), rng.choice(["buc", "pcs", "buc."]), length
    value = Decimal(rng.randint(10, 2400)) / 10
    return _num(value, comma), rng.choice(["m", "ml", "m.l.", "metri", "mtr", "lm"]), ""
