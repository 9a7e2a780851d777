#!/usr/bin/env python3
"""Writes the bad-input corpus and manifest.json (python3 standard library only; deterministic).

Run from anywhere:  python3 Dashboard.Tests/TestData/BadInput/generate.py
Files over ~1 MB are not committed: their manifest entries carry "generated" and the test builds them
(Dashboard.Tests/Core/Ingestion/BadInputCorpus.cs, GeneratedFile).
Expected rows are 1-based data record numbers (header = 0); column null = the whole row or file.
"""
import csv, io, json, os, random, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
RAW = ["llm_quality", "llm_seniority", "llm_engagement", "llm_decision_maker", "llm_industry", "llm_geography",
       "llm_business_type", "llm_company_fit", "industry", "companyindustry", "companysize", "companytype", "languages",
       "location", "companylocation", "companyfoundedon", "summary", "skills", "jobtitle", "engaged"]
BASE = {"llm_quality": "80", "llm_seniority": "Senior", "llm_engagement": "0.6", "llm_decision_maker": "0.7",
        "llm_industry": "Software Development", "llm_geography": "international_hub", "llm_business_type": "leaders",
        "llm_company_fit": "1", "industry": "Software Development", "companyindustry": "Software Development",
        "companysize": "51-200", "companytype": "Privately Held", "languages": "English, French",
        "location": "Paris, Île-de-France, France", "companylocation": "Paris, FR", "companyfoundedon": "2015",
        "summary": "Building B2B sales teams.", "skills": "Sales, SaaS", "jobtitle": "Head of Sales", "engaged": "1"}
manifest = []


def rows(n=3, **overrides_by_row):
    out = []
    for i in range(1, n + 1):
        r = dict(BASE)
        r["llm_quality"] = str(60 + 5 * (i % 8))
        r.update(overrides_by_row.get(f"r{i}", {}))
        out.append(r)
    return out


def csv_text(records, header=RAW, delimiter=",", newline="\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in records:
        w.writerow([r.get(h, "") for h in header])
    return buf.getvalue()


def add(name, content, case, outcome, errors=(), warnings=(), error_count=None, rows_=None, message=None, **extra):
    path = os.path.join(FILES, name)
    if content is not None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(path, "wb") as f:
            f.write(data)
    entry = {"file": name, "case": case, "outcome": outcome,
             "errors": [{"row": r, "column": c} for r, c in errors],
             "warnings": [{"row": r, "column": c} for r, c in warnings]}
    if outcome == "rejected" and error_count is None:
        error_count = len(errors)
    if error_count is not None:
        entry["error_count"] = error_count
    if rows_ is not None:
        entry["rows"] = rows_
    if message is not None:
        entry["message"] = message
    entry.update(extra)
    if content is not None and "allow_missing_columns" not in entry and partial_raw_header(content):
        # The file shows another problem with a few raw columns: read them as uploads with allowMissingColumns=true.
        entry["allow_missing_columns"] = True
    manifest.append(entry)


def partial_raw_header(content):
    data = content.encode("utf-8") if isinstance(content, str) else content
    first = data.split(b"\n", 1)[0].decode("latin-1")
    names = {n.strip().strip('"').strip() for n in first.replace(";", ",").replace("\t", ",").replace("|", ",").split(",")}
    return bool(names & set(RAW)) and not set(RAW[:-1]) <= names


def main():
    os.makedirs(FILES, exist_ok=True)
    for f in os.listdir(FILES):
        os.remove(os.path.join(FILES, f))
    good = csv_text(rows())

    # --- file-level shape and encoding
    add("empty.csv", "", "empty file", "rejected", errors=[(0, None)])
    add("blank_lines_only.csv", "\n\n\n", "only blank lines", "rejected", errors=[(0, None)])
    add("header_only.csv", csv_text([]), "header only", "rejected", warnings=[(0, None)], rows_=0, message="no data rows")
    add("header_only_crlf.csv", csv_text([], newline="\r\n"), "header only, CRLF", "rejected", warnings=[(0, None)], rows_=0, message="no data rows")
    add("utf8_bom.csv", b"\xef\xbb\xbf" + good.encode(), "UTF-8 with BOM", "accepted", rows_=3)
    add("utf16le_bom.csv", b"\xff\xfe" + good.encode("utf-16-le"), "UTF-16 LE with BOM (decoded)", "accepted", rows_=3)
    add("utf16be_bom.csv", b"\xfe\xff" + good.encode("utf-16-be"), "UTF-16 BE with BOM (decoded)", "accepted", rows_=3)
    add("utf16le_no_bom.csv", good.encode("utf-16-le"), "UTF-16 without BOM (NUL bytes)", "rejected", errors=[(0, None)])
    add("latin1_encoded.csv", good.encode("latin-1"), "Latin-1 bytes (invalid UTF-8): refused at the first bad cell", "rejected",
        errors=[(1, "location")], message="CSV UTF-8")
    add("semicolon_delimiter.csv", csv_text(rows(), delimiter=";"), "';' delimiter", "accepted", rows_=3)
    add("tab_delimiter.csv", csv_text(rows(), delimiter="\t"), "tab delimiter", "accepted", rows_=3)
    add("pipe_delimiter.csv", csv_text(rows(), delimiter="|"), "'|' delimiter", "accepted", rows_=3)
    add("crlf.csv", csv_text(rows(), newline="\r\n"), "CRLF line ends", "accepted", rows_=3)
    add("mixed_line_endings.csv", good.replace("\n", "\r\n", 2), "mixed LF and CRLF", "accepted", rows_=3)
    add("blank_lines_between_rows.csv", good.replace("\n", "\n\n"), "blank lines are not records", "accepted", rows_=3)
    quoted = rows(3, r1={"summary": 'Line one,\nline two, "quoted"\nline three'}, r2={"skills": "a, b, c"})
    add("quoted_commas_newlines.csv", csv_text(quoted), "quoted commas, quotes and newlines (valid)", "accepted", rows_=3)
    add("quoted_header.csv", '"llm_quality","jobtitle"\n"80","CTO"\n', "quoted header names", "accepted", rows_=1,
        warnings=[(0, "summary")])
    add("header_whitespace.csv", " llm_quality , jobtitle \n80,CTO\n", "spaces around header names", "accepted", rows_=1)
    add("trailing_delimiter.csv", "llm_quality,jobtitle,\n80,CTO,\n", "trailing delimiter = unnamed column", "accepted",
        warnings=[(0, None)], rows_=1)

    # --- columns
    add("missing_raw_columns.csv", "llm_quality,jobtitle\n80,CTO\n70,CEO\n", "raw file with most columns missing: refused", "rejected",
        errors=[(0, "llm_seniority"), (0, "summary"), (0, "companysize")], error_count=17, allow_missing_columns=False)
    add("missing_raw_columns_allowed.csv", "llm_quality,jobtitle\n80,CTO\n70,CEO\n", "raw file with most columns missing, allowed: read as missing",
        "accepted", warnings=[(0, "llm_seniority"), (0, "summary"), (0, "companysize")], rows_=2, allow_missing_columns=True)
    misnamed = csv_text(rows(2)).replace("companysize", "company_size", 1)
    add("misnamed_raw_column.csv", misnamed, "company_size for companysize: refused with a hint", "rejected",
        errors=[(0, "companysize")], message="Did you mean 'company_size'?", allow_missing_columns=False)
    proc_header = open(os.path.join(HERE, "..", "..", "..", "data", "scenarios", "no_drift_baseline.processed.csv"), encoding="utf-8").read().splitlines()[:4]
    proc = "\n".join(proc_header) + "\n"
    add("processed_valid.csv", proc, "processed schema, 3 rows", "accepted", rows_=3)
    names = proc_header[0].split(",")
    drop = names.index("is_founder")
    add("processed_missing_column.csv", "\n".join(",".join(c for j, c in enumerate(l.split(",")) if j != drop) for l in proc_header) + "\n",
        "processed file missing a feature", "rejected", errors=[(0, "is_founder")])
    add("extra_columns.csv", "llm_quality,favourite_colour,jobtitle\n80,blue,CTO\n", "unknown extra column", "accepted",
        warnings=[(0, "favourite_colour")], rows_=1)
    add("duplicated_column.csv", "llm_quality,jobtitle,llm_quality\n80,CTO,70\n", "duplicated column", "rejected",
        errors=[(0, "llm_quality")])
    add("unknown_header.csv", "a,b,c\n1,2,3\n", "header matches neither schema", "rejected", errors=[(0, None)])

    # --- types and values
    add("wrong_type_integer.csv", csv_text(rows(3, r2={"llm_quality": "eighty"})), "text in an integer column", "rejected", errors=[(2, "llm_quality")])
    add("wrong_type_fraction.csv", csv_text(rows(3, r1={"llm_quality": "80.5"})), "fraction in an integer column", "rejected", errors=[(1, "llm_quality")])
    add("wrong_type_float.csv", csv_text(rows(3, r3={"llm_engagement": "high"})), "text in a float column", "rejected", errors=[(3, "llm_engagement")])
    add("wrong_type_year.csv", csv_text(rows(3, r2={"companyfoundedon": "twenty ten"})), "text in a year column", "rejected", errors=[(2, "companyfoundedon")])
    add("decimal_comma.csv", csv_text(rows(3, r1={"llm_engagement": "0,6"}), delimiter=";"), "decimal comma (European Excel)", "rejected", errors=[(1, "llm_engagement")])
    add("nan_cells.csv", csv_text(rows(3, r2={"llm_engagement": "NaN"}, r3={"companyfoundedon": "nan"})), "NaN is missing, warned", "accepted",
        warnings=[(2, "llm_engagement"), (3, "companyfoundedon")], rows_=3)
    add("inf_cells.csv", csv_text(rows(3, r1={"llm_decision_maker": "inf"}, r3={"companyfoundedon": "-Infinity"})), "infinities", "rejected",
        errors=[(1, "llm_decision_maker"), (3, "companyfoundedon")])
    add("overflow_number.csv", csv_text(rows(3, r2={"companyfoundedon": "1e400"})), "number overflowing double", "rejected", errors=[(2, "companyfoundedon")])
    empty = {h: "" for h in RAW}
    add("empty_cells.csv", csv_text(rows(3, r1=empty, r2=dict(empty, jobtitle="CTO"))), "empty cells are missing values", "accepted", rows_=3)
    add("boundary_values.csv", csv_text(rows(2, r1={"llm_quality": "0", "llm_engagement": "0", "llm_decision_maker": "0", "llm_company_fit": "0"},
                                              r2={"llm_quality": "100", "llm_engagement": "1", "llm_decision_maker": "1.0", "llm_company_fit": "2"})),
        "the original API's bounds, inclusive", "accepted", rows_=2)
    for name, col, val in [("quality_above_100", "llm_quality", "101"), ("quality_negative", "llm_quality", "-1"),
                           ("engagement_above_1", "llm_engagement", "1.01"), ("decision_maker_negative", "llm_decision_maker", "-0.01"),
                           ("company_fit_3", "llm_company_fit", "3")]:
        add(f"out_of_range_{name}.csv", csv_text(rows(3, r3={col: val})), f"out of range: {col} = {val}", "rejected", errors=[(3, col)])
    add("label_invalid.csv", csv_text(rows(3, r1={"engaged": "yes"})), "label not 0/1", "rejected", errors=[(1, "engaged")])
    add("label_partly_unknown.csv", csv_text(rows(3, r2={"engaged": ""}, r3={"engaged": "0.0"})), "empty label = unknown", "accepted", rows_=3)
    add("many_errors.csv", "llm_quality,jobtitle\n" + "".join("150,CTO\n" for _ in range(300)), "300 bad rows: all counted, 100 listed",
        "rejected", errors=[(1, "llm_quality"), (100, "llm_quality")], error_count=300)
    add("error_after_many_good_rows.csv", csv_text(rows(500, r499={"llm_company_fit": "high"})), "one bad row at the end rejects the file",
        "rejected", errors=[(499, "llm_company_fit")])

    # --- structure
    add("ragged_short_row.csv", "llm_quality,jobtitle,summary\n80,CTO,x\n70,CEO\n60,VP,y\n", "row with too few fields", "rejected", errors=[(2, None)])
    add("ragged_long_row.csv", "llm_quality,jobtitle,summary\n80,CTO,x\n70,CEO,y\n60,VP,y,extra\n", "row with too many fields", "rejected", errors=[(3, None)])
    add("unclosed_quote.csv", 'llm_quality,jobtitle\n80,CTO\n70,"CEO\n60,VP\n', "unclosed quote swallows the rest", "rejected", errors=[(2, None)], error_count=None)
    manifest[-1].pop("error_count")
    add("multi_megabyte_line.csv", None, "a 6 MB single record (no newline) after two good rows", "rejected", errors=[(3, None)], generated="multi-megabyte-line", allow_missing_columns=True)
    add("multi_megabyte_summary.csv", None, "a 3 MB quoted summary in one record", "rejected", errors=[(1, "summary")], generated="multi-megabyte-summary", allow_missing_columns=True)
    rnd = random.Random(20240601)
    add("binary_garbage.csv", bytes(rnd.randrange(256) for _ in range(2048)), "random bytes", "rejected", errors=[(0, None)])
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    add("xlsx_renamed.csv", zbuf.getvalue(), "an .xlsx workbook renamed .csv", "rejected", errors=[(0, None)], message="Excel")
    add("xls_renamed.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "an old .xls workbook renamed .csv", "rejected", errors=[(0, None)], message="Excel")

    # --- text content
    formulas = rows(4, r1={"jobtitle": '=HYPERLINK("http://evil.example","click")'}, r2={"summary": "+cmd|' /C calc'!A0"},
                    r3={"skills": "@SUM(1+1)*cmd|' /C calc'!A0"}, r4={"jobtitle": "-2+3"})
    add("formula_strings.csv", csv_text(formulas), "spreadsheet formulas in text (accepted, escaped on export)", "accepted", rows_=4,
        formula_cells=['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"])
    add("formula_in_number.csv", csv_text(rows(3, r1={"llm_quality": "=1+1"})), "formula in a numeric column", "rejected", errors=[(1, "llm_quality")])
    html = rows(3, r1={"jobtitle": "<script>alert('x')</script>"}, r2={"summary": '<img src=x onerror="alert(1)"><b>bold</b>'},
                r3={"industry": "</td><script>alert(2)</script>", "companysize": "<svg onload=alert(3)>"})
    add("html_script_text.csv", csv_text(html), "HTML and script in text fields (accepted as text)", "accepted", rows_=3)
    add("summary_10000_emoji.csv", csv_text(rows(1, r1={"summary": "\U0001F600" * 10000})), "10,000 code points (20,000 UTF-16 units): at the limit", "accepted", rows_=1)
    add("summary_10001_chars.csv", csv_text(rows(2, r2={"summary": "a" * 10001})), "summary over 10,000 characters", "rejected", errors=[(2, "summary")])
    add("skills_5001_chars.csv", csv_text(rows(1, r1={"skills": "é" * 5001})), "skills over 5,000 characters", "rejected", errors=[(1, "skills")])
    add("jobtitle_501_chars.csv", csv_text(rows(1, r1={"jobtitle": "x" * 501})), "job title over 500 characters", "rejected", errors=[(1, "jobtitle")])
    add("jobtitle_500_combining.csv", csv_text(rows(1, r1={"jobtitle": "e\u0301" * 250})), "500 code points with combining marks: at the limit", "accepted", rows_=1)
    nonlatin = rows(4, r1={"jobtitle": "首席执行官", "summary": "负责亚太地区的销售团队。"}, r2={"jobtitle": "مدير المبيعات", "location": "دبي"},
                    r3={"jobtitle": "Генеральный директор", "companylocation": "Москва, RU"}, r4={"jobtitle": "विक्रय प्रबंधक", "skills": "बिक्री, 営業, 영업"})
    add("non_latin_text.csv", csv_text(nonlatin), "Chinese, Arabic, Cyrillic, Devanagari, Japanese, Korean", "accepted", rows_=4)
    add("control_characters.csv", csv_text(rows(2, r1={"jobtitle": "CTO\u0007\u001b[31m"})), "control characters in text (kept as text)", "accepted", rows_=2)
    add("excel_mangled_company_size.csv", csv_text(rows(3, r1={"companysize": "Nov-50"}, r2={"companysize": "10-Feb"}, r3={"companysize": "Mar-12"})),
        "Excel turned size ranges into dates", "accepted", warnings=[(1, "companysize"), (2, "companysize"), (3, "companysize")], rows_=3)
    add("excel_scientific_year.csv", csv_text(rows(2, r1={"companyfoundedon": "2.015E+03"})), "Excel scientific notation in a number (accepted)", "accepted", rows_=2)
    add("malicious_file_name.csv", good, "malicious upload name: path, NUL, markup", "accepted", rows_=3,
        upload_name="../../../etc/cron.d/x\u0000<script>alert(1)</script>.csv", stored_name="script>.csv")

    # --- JSON API cases (body files; status through POST /predict or /predict/batch)
    json_cases = [
        ("json_nan_literal.json", "/predict", '{"llm_quality": 80, "companyfoundedon": NaN}', "application/json", 422),
        ("json_infinity_literal.json", "/predict", '{"llm_engagement": Infinity}', "application/json", 422),
        ("json_deep_nesting.json", "/predict", "[" * 5000 + "]" * 5000, "application/json", 422),
        ("json_quality_150.json", "/predict", '{"llm_quality": 150}', "application/json", 422),
        ("json_wrong_type.json", "/predict", '{"llm_quality": "high"}', "application/json", 422),
        ("json_jobtitle_501.json", "/predict", json.dumps({"jobtitle": "x" * 501}), "application/json", 422),
        ("json_emoji_500.json", "/predict", json.dumps({"jobtitle": "\U0001F600" * 500}), "application/json", 200),
        ("json_text_plain.json", "/predict", "{}", "text/plain", 415),
        ("json_form_body.json", "/predict", "llm_quality=80", "application/x-www-form-urlencoded", 415),
        ("json_truncated.json", "/predict", '{"llm_quality": 8', "application/json", 422),
        ("json_batch_empty.json", "/predict/batch", '{"leads": []}', "application/json", 422),
        ("json_batch_10001.json", "/predict/batch", None, "application/json", 422),
    ]
    for name, endpoint, body, ctype, status in json_cases:
        if body is not None:
            with open(os.path.join(FILES, name), "w", encoding="utf-8") as f:
                f.write(body)
        entry = {"file": name, "case": "JSON API: " + name[5:-5].replace("_", " "), "api": endpoint, "content_type": ctype, "status": status}
        if body is None:
            entry["generated"] = "batch-10001-leads"
        manifest.append(entry)

    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "python3 Dashboard.Tests/TestData/BadInput/generate.py",
                   "rules": "row = 1-based data record (0 = header/file); column null = whole row/file; errors: every listed (row, column) "
                            "must be reported and error_count matches when given; warnings: every listed one must be reported; "
                            "'generated' files are built by the test (too big to commit)",
                   "files": manifest}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(manifest)} cases, {len(os.listdir(FILES))} committed files")


main()
