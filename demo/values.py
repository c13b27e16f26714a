"""Figures of the sample history: plausible monthly series per indicator, seeded, no wall clock.

Each unit's series is generated month by month from one RNG seeded by the unit code, so a
build is repeatable and changing one unit leaves the others as they were. The shapes:

- a base level for 2021, a mild yearly growth and a seasonal profile per indicator
  (instruments verified peak before Tết — December and January — and drop in February;
  S&T tasks are accepted towards the year end; proposals come in June–August; the
  start-up contest runs September–November);
- small counts drawn from a Poisson law (so 0 happens, as in real reports), large ones with
  a few percent of noise;
- running totals (aggregation ``last``): disbursed budget rises through the year and starts
  again in January; tasks under way move with contracts signed and tasks accepted;
- some figures left blank in some months, as real units do (blank is "no data", never 0);
- consistent pairs: dossiers on time ≤ dossiers received, instrument types ≤ all instruments.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from core.catalog import Catalog
from core.months import Month

SEED = "sokhcn-quangtri-sample-v1"

SEASONS: dict[str, tuple[float, ...]] = {
    "flat": (1,) * 12,
    "office": (1.1, 0.75, 1.0, 1.0, 1.0, 1.05, 1.0, 0.95, 1.0, 1.05, 1.05, 1.2),
    "tet": (1.15, 0.72, 0.95, 1.0, 1.0, 0.98, 0.97, 1.0, 1.0, 1.02, 1.05, 1.2),
    "year_end": (0.6, 0.3, 0.6, 0.8, 0.9, 1.0, 0.9, 0.8, 1.0, 1.2, 1.6, 2.3),
    "contracts": (0.2, 0.5, 1.5, 2.5, 2.0, 1.2, 0.8, 0.6, 0.5, 0.4, 0.3, 0.5),
    "proposals": (0, 0, 0, 0, 0, 1.0, 1.6, 1.2, 0, 0, 0, 0),
    "contest": (0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.5, 0.6, 0, ),
    "market_checks": (2.2, 1.0, 0.8, 0.9, 1.0, 0.8, 0.7, 1.0, 1.0, 0.9, 0.9, 1.8),
    "mushroom": (1.1, 0.7, 1.0, 1.0, 0.9, 0.8, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3),
}


@dataclass(frozen=True)
class Profile:
    """How one indicator's monthly value is drawn."""

    base: float  # typical month of 2021
    growth: float = 0.03  # per year
    season: str = "flat"
    blank: float = 0.04  # chance the unit leaves it blank in a month
    noise: float = 0.08  # relative spread for large values


# Indicators with their own rule (running totals, derived values) are not listed here.
PROFILES: dict[str, Profile] = {
    "VP_VB_DEN": Profile(430, 0.04, "office", 0.02),
    "VP_VB_DI": Profile(290, 0.04, "office", 0.02),
    "VP_GOPY_DUTHAO": Profile(11, 0.05, "office", 0.05),
    "VP_TTHC_TIEPNHAN": Profile(38, 0.06, "office", 0.03),
    "QLKH_NV_NGHIEMTHU": Profile(1.7, 0.05, "year_end", 0.0),
    "QLKH_NV_HOPDONG": Profile(1.6, 0.04, "contracts", 0.0),
    "QLKH_HD_TUVAN": Profile(2.2, 0.03, "office", 0.1),
    "QLKH_NV_DEXUAT": Profile(12, 0.05, "proposals", 0.0),
    "QLCN_THAMDINH_CN": Profile(4.3, 0.08, "office", 0.03),
    "QLCN_GP_BUCXA": Profile(1.8, 0.04, "flat", 0.1),
    "QLCN_CC_BUCXA": Profile(2.0, 0.03, "flat", 0.1),
    "QLCN_NHANHIEU_HD": Profile(3.6, 0.1, "flat", 0.08),
    "QLCN_VANBANG": Profile(1.5, 0.1, "flat", 0.15),
    "QLCN_SANGKIEN": Profile(2.6, 0.1, "year_end", 0.1),
    "QLCN_HD_CGCN": Profile(0.5, 0.1, "flat", 0.35),
    "QLCN_DN_KHCN": Profile(0.3, 0.1, "flat", 0.4),
    "QLCN_KHOINGHIEP": Profile(14, 0.1, "contest", 0.0),
    "TDC_HOPCHUAN": Profile(1.9, 0.08, "flat", 0.05),
    "TDC_HOPQUY": Profile(4.5, 0.05, "flat", 0.05),
    "TDC_NK_KTCL": Profile(8, 0.04, "flat", 0.08),
    "TDC_CS_KIEMTRA": Profile(6, 0.04, "market_checks", 0.15),
    "TTRA_CUOC_TTKT": Profile(1.1, 0.05, "flat", 0.05),
    "TTRA_CS_KIEMTRA": Profile(10, 0.05, "flat", 0.0),
    "TTRA_TIEPDAN": Profile(2.5, 0.0, "flat", 0.05),
    "TTRA_DON_KNTC": Profile(1.2, 0.0, "flat", 0.15),
    "TTUD_TINBAI": Profile(88, 0.05, "office", 0.02),
    "TTUD_VANBAN": Profile(30, 0.04, "office", 0.03),
    "TTUD_THONGBAO": Profile(1.8, 0.0, "flat", 0.05),
    "TTUD_VIDEO": Profile(1.3, 0.1, "flat", 0.1),
    "TTUD_CHUYENMUC": Profile(2.0, 0.05, "flat", 0.05),
    "TTUD_GIONG_NAM": Profile(1000, 0.07, "mushroom", 0.03, 0.1),
    "TTUD_PHOI_NAM": Profile(5000, 0.07, "mushroom", 0.03, 0.1),
    "TTUD_GCN_KETQUA": Profile(1.6, 0.05, "year_end", 0.2),
    "TTUD_CAY_CAYMO": Profile(2800, 0.06, "flat", 0.1, 0.12),
    "TTUD_LUOT_TRUYCAP": Profile(14500, 0.12, "office", 0.08, 0.1),
    "TTKT_KD_PTD": Profile(4650, 0.04, "tet", 0.01, 0.06),
    "TTKT_THU_NGHIEM": Profile(430, 0.05, "tet", 0.02, 0.08),
    "TTKT_HIEUCHUAN": Profile(75, 0.06, "flat", 0.1, 0.15),
}

# Shares of all verified instruments by type (low, high): their sum stays below 1.
INSTRUMENT_SHARES: dict[str, tuple[float, float]] = {
    "TTKT_KD_CONGTO": (0.47, 0.54),
    "TTKT_KD_DONGHONUOC": (0.17, 0.23),
    "TTKT_KD_COTDO": (0.022, 0.034),
    "TTKT_KD_CAN": (0.10, 0.14),
    "TTKT_KD_HUYETAP": (0.012, 0.022),
}

# Budget allocated per year (million VND) and the share disbursed by each month's end.
BUDGET_2021 = 17200.0
DISBURSED_SHARE = (0.03, 0.07, 0.14, 0.22, 0.30, 0.40, 0.48, 0.56, 0.65, 0.74, 0.84, 0.97)

DERIVED = ("VP_TTHC_DUNGHAN", "VP_TTHC_TREHAN", "QLKH_NV_DANGTRIENKHAI", "TDC_ISO_CQHC",
           "KHTC_GIAINGAN", "KHTC_DUTOAN", "KHTC_TYLE_GIAINGAN", "TTRA_VIPHAM",
           "TTRA_TIENPHAT", "TTUD_ANPHAM", *INSTRUMENT_SHARES)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth), for small counts."""
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _draw(rng: random.Random, profile: Profile, month: Month) -> float | None:
    """One month of a profiled indicator; None when the unit leaves it blank."""
    factor = SEASONS[profile.season][month.month - 1]
    if factor == 0 or rng.random() < profile.blank:
        return None
    mean = profile.base * (1 + profile.growth) ** (month.year - 2021) * factor
    if mean < 30:
        return float(poisson(rng, mean))
    return float(round(mean * (1 + rng.uniform(-profile.noise, profile.noise))))


class _UnitSeries:
    """Generates one unit's months in order, keeping the state running totals need."""

    def __init__(self, unit: str):
        self.unit = unit
        self.rng = random.Random(f"{SEED}/values/{unit}")
        self.tasks_running = 31.0
        self.iso_agencies = 52.0
        self.budget: dict[int, float] = {}
        self.disbursed = 0.0

    def month(self, month: Month, codes: list[str]) -> dict[str, float]:
        rng, out = self.rng, {}
        for code in codes:
            if code in PROFILES:
                found = _draw(rng, PROFILES[code], month)
                if found is not None:
                    out[code] = found
        getattr(self, f"_derive_{self.unit.lower()}", lambda *_: None)(month, codes, out)
        return {code: out[code] for code in codes if code in out}  # catalogue order

    def _derive_vp(self, month: Month, codes: list[str], out: dict[str, float]) -> None:
        received = out.get("VP_TTHC_TIEPNHAN")
        if received is not None:
            late = float(min(poisson(self.rng, 0.15), received))
            out["VP_TTHC_TREHAN"] = late
            out["VP_TTHC_DUNGHAN"] = received - late

    def _derive_qlkh(self, month: Month, codes: list[str], out: dict[str, float]) -> None:
        change = out.get("QLKH_NV_HOPDONG", 0) - out.get("QLKH_NV_NGHIEMTHU", 0)
        self.tasks_running = max(18.0, self.tasks_running + change)
        out["QLKH_NV_DANGTRIENKHAI"] = self.tasks_running

    def _derive_tdc(self, month: Month, codes: list[str], out: dict[str, float]) -> None:
        if self.rng.random() < 0.15:
            self.iso_agencies += 1
        if self.rng.random() > 0.1:
            out["TDC_ISO_CQHC"] = self.iso_agencies

    def _derive_ttra(self, month: Month, codes: list[str], out: dict[str, float]) -> None:
        checked = out.get("TTRA_CS_KIEMTRA")
        if checked is None:
            return
        violations = min(poisson(self.rng, checked * 0.18), int(checked))
        out["TTRA_VIPHAM"] = float(violations)
        # Fines in million VND with one decimal; a month without violations fines nothing.
        fine = sum(self.rng.choice((2.5, 3.0, 5.0, 7.5, 10.0, 12.5)) for _ in range(violations))
        out["TTRA_TIENPHAT"] = round(fine, 1)

    def _derive_khtc(self, month: Month, codes: list[str], out: dict[str, float]) -> None:
        if month.year not in self.budget:
            grown = BUDGET_2021 * 1.05 ** (month.year - 2021)
            self.budget[month.year] = round(grown * self.rng.uniform(0.98, 1.02), 1)
            self.disbursed = 0.0
        budget = self.budget[month.year]
        share = DISBURSED_SHARE[month.month - 1] * self.rng.uniform(0.95, 1.05)
        # Running total since 1 January: never goes down within a year.
        self.disbursed = max(self.disbursed, round(budget * min(share, 0.995), 1))
        out["KHTC_DUTOAN"] = budget
        out["KHTC_GIAINGAN"] = self.disbursed
        out["KHTC_TYLE_GIAINGAN"] = round(self.disbursed / budget * 100, 2)

    def _derive_ttud(self, month: Month, codes: list[str], out: dict[str, float]) -> None:
        # One special issue and one bulletin a month; a double issue now and then.
        out["TTUD_ANPHAM"] = float(self.rng.choices((1, 2, 3), (1, 8, 1))[0])

    def _derive_ttkt(self, month: Month, codes: list[str], out: dict[str, float]) -> None:
        total = out.get("TTKT_KD_PTD")
        if total is None:
            return
        for code, (low, high) in INSTRUMENT_SHARES.items():
            if code in codes:
                out[code] = float(math.floor(total * self.rng.uniform(low, high)))


def generate_values(catalog: Catalog, unit: str, months: list[Month]) -> dict[Month, dict]:
    """Every month's figures of one unit: ``{month: {indicator code: value}}``.

    Only indicators valid in the month are drawn; blank ones are absent.
    """
    series = _UnitSeries(unit)
    result: dict[Month, dict[str, float]] = {}
    for month in months:
        codes = [i.code for i in catalog.indicators_for(unit, month)]
        result[month] = series.month(month, codes)
    return result
