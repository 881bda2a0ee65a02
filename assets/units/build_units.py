#!/usr/bin/env python3
"""Regenerate assets/units/vn-admin-units.csv from the PyPI package `vietnamadminunits`.

Usage (from the repository root):

    pip install vietnamadminunits==1.0.4
    python3 assets/units/build_units.py

The script only reads the data files shipped inside the installed package
(`data/dataset.db` and `data/converter_2025.json`); it does not import the
package itself, so its runtime dependencies (shapely, geopy, ...) are not
needed at build time. Output is deterministic: same package version -> same
bytes.
"""

import csv
import importlib.metadata
import importlib.util
import io
import json
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

PACKAGE = "vietnamadminunits"
EXPECTED_VERSION = "1.0.4"
OUT = Path(__file__).resolve().parent / "vn-admin-units.csv"
MAX_BYTES = 1_500_000  # if the full file would exceed this, keep only Hà Nội's old units
OLD_VALID_TO = "2025-06-30"
NEW_VALID_FROM = "2025-07-01"
HANOI = "01"
HANOI_VALID_FROM = "2008-08-01"
HEADER = ["code", "name", "short_name", "kind", "parent_code",
          "valid_from", "valid_to", "successors"]

# Name prefix -> kind. Longest prefixes first. The prefix in the *full name* is
# authoritative: the package's wardType column is wrong for a few rows (see README).
PREFIXES = [
    ("Thành phố", None),  # province or district depending on level
    ("Thị trấn", "township"),
    ("Thị xã", "district"),
    ("Đặc khu", "special_zone"),
    ("Phường", "ward"),
    ("Quận", "district"),
    ("Huyện", "district"),
    ("Tỉnh", "province"),
    ("Xã", "commune"),
]


def nfc(s):
    return unicodedata.normalize("NFC", s.strip())


def split_name(full, level):
    """Return (name, short_name, kind) with the prefix's capitalisation normalised
    (the package has e.g. 'Thị Trấn Ái Tử', 'Thành Phố Bắc Kạn')."""
    full = re.sub(r"\s+", " ", nfc(full))
    for prefix, kind in PREFIXES:
        if full.lower().startswith(prefix.lower() + " "):
            short = full[len(prefix) + 1:]
            if kind is None:
                kind = "province" if level == "province" else "district"
            if level == "province" and kind != "province":
                break
            if level == "district" and kind != "district":
                break
            if level == "commune" and kind in ("province", "district"):
                break
            return f"{prefix} {short}", short, kind
    raise ValueError(f"unexpected name {full!r} at level {level}")


def package_dir():
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"{PACKAGE} is not installed: pip install {PACKAGE}=={EXPECTED_VERSION}")
    if version != EXPECTED_VERSION:
        sys.exit(f"{PACKAGE} {version} installed, expected {EXPECTED_VERSION}: "
                 f"pip install {PACKAGE}=={EXPECTED_VERSION}")
    spec = importlib.util.find_spec(PACKAGE)  # does not execute the package
    return Path(list(spec.submodule_search_locations)[0])


def load(pkg):
    con = sqlite3.connect(f"file:{pkg / 'data' / 'dataset.db'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    new = con.execute(
        "SELECT provinceCode, province, provinceKey, wardCode, ward, wardKey "
        "FROM admin_units").fetchall()
    old = con.execute(
        "SELECT provinceCode, province, provinceKey, districtCode, district, districtKey, "
        "wardCode, ward, wardKey FROM admin_units_legacy").fetchall()
    con.close()
    with open(pkg / "data" / "converter_2025.json", encoding="utf-8") as f:
        conv = json.load(f)
    return new, old, conv


def row(code, name, short, kind, parent="", vfrom="", vto="", succ=()):
    return [code, name, short, kind, parent, vfrom, vto, ";".join(sorted(set(succ)))]


def build():
    new, old, conv = load(package_dir())

    # ---- current (from 2025-07-01) units -------------------------------------
    new_prov = {}          # code -> (name, short)
    new_prov_code = {}     # provinceKey -> code
    new_ward_code = {}     # (provinceKey, wardKey) -> code
    current_communes = []
    for r in new:
        pname, pshort, _ = split_name(r["province"], "province")
        new_prov.setdefault(r["provinceCode"], (pname, pshort))
        new_prov_code[r["provinceKey"]] = r["provinceCode"]
        new_ward_code[(r["provinceKey"], r["wardKey"])] = r["wardCode"]
        name, short, kind = split_name(r["ward"], "commune")
        current_communes.append(row(r["wardCode"], name, short, kind, r["provinceCode"],
                                    NEW_VALID_FROM))

    # old provinceKey -> new province code; new provinces that absorbed others are "merged"
    old_to_new_prov = {}
    merged = set()
    for new_key, old_keys in conv["DICT_PROVINCE"].items():
        for ok in old_keys:
            old_to_new_prov[ok] = new_prov_code[new_key]
        if len(old_keys) > 1:
            merged.add(new_prov_code[new_key])

    current_provs = []
    for code in sorted(new_prov):
        name, short = new_prov[code]
        vfrom = NEW_VALID_FROM if code in merged else (HANOI_VALID_FROM if code == HANOI else "")
        current_provs.append(row(code, name, short, "province", "", vfrom))
    current_communes.sort(key=lambda x: x[0])

    # ---- old unit key -> successor commune codes --------------------------------
    succ = defaultdict(set)  # "provinceKey_districtKey_wardKey" -> {new commune code}
    for pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, old_keys in wards.items():
            for ok in old_keys:
                succ[ok].add(new_ward_code[(pkey, wkey)])
    for pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, targets in olds.items():
            for t in targets:
                succ[ok].add(new_ward_code[(pkey, t["newWardKey"])])

    # ---- old (until 2025-06-30) units ---------------------------------------------
    old_provs, old_dists, old_wards = {}, {}, {}
    dist_succ = defaultdict(set)
    for r in old:
        pcode, dcode = r["provinceCode"], r["districtCode"]
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        s = succ[key]
        if not s:
            raise ValueError(f"no successor for {key}")
        dist_succ[dcode] |= s
        if pcode not in old_provs:
            pname, pshort, _ = split_name(r["province"], "province")
            old_provs[pcode] = (pname, pshort, old_to_new_prov[r["provinceKey"]])
        if dcode not in old_dists:
            dname, dshort, _ = split_name(r["district"], "district")
            old_dists[dcode] = (dname, dshort, pcode)
        if r["wardCode"]:  # island districts (Bạch Long Vĩ, Cồn Cỏ, ...) have no communes
            wname, wshort, wkind = split_name(r["ward"], "commune")
            old_wards[r["wardCode"]] = row(r["wardCode"], wname, wshort, wkind, dcode,
                                           "", OLD_VALID_TO, s)

    def old_rows(only_province=None):
        out = []
        for code, (name, short, new_code) in sorted(old_provs.items()):
            # provinces not merged in 2025 continue: the current row stands for them
            if code in merged or new_code != code or code not in new_prov:
                if only_province in (None, code):
                    out.append(row(code, name, short, "province", "", "", OLD_VALID_TO,
                                   [new_code]))
        for code, (name, short, pcode) in sorted(old_dists.items()):
            if only_province in (None, pcode):
                out.append(row(code, name, short, "district", pcode, "", OLD_VALID_TO,
                               dist_succ[code]))
        for code, r in sorted(old_wards.items()):
            if only_province in (None, old_dists[r[4]][2]):
                out.append(r)
        return out

    current = current_provs + current_communes
    data = render(current + old_rows())
    scope = "all"
    if len(data) >= MAX_BYTES:
        data = render(current + old_rows(HANOI))
        scope = "hanoi"
    return data, scope


def render(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for r in rows:
        w.writerow([unicodedata.normalize("NFC", x) for x in r])
    return buf.getvalue().encode("utf-8")


def main():
    data, scope = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes, old units: {scope})")


if __name__ == "__main__":
    main()
