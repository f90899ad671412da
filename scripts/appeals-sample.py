#!/usr/bin/env python3
"""Builds fangkong's labelled appeal sample from two parts, both documented in
data/appeals/SOURCES.md:

- the Teddy Cup 2020 message-board set (real citizen messages, labelled with 7
  government categories), mapped to fangkong's categories: 交通运输 → transport,
  卫生计生 → medical, 城乡建设 → housing, the rest (商贸旅游, 劳动和社会保障,
  教育文体, 环境保护) → other; texts cut to their first 300 characters (title and
  opening, where the subject is);
- the texts written for fangkong (data/appeals/fangkong-written.csv), which cover
  the categories the Teddy set does not have.

A fifth of the Teddy rows (by a hash of their id, so the split never changes) and
the written texts marked `eval` are kept apart for evaluation; the Weibo set is
never used here.

Writes data/appeals/training.tsv (`category<TAB>text`) and
data/appeals/evaluation.tsv (`category<TAB>source<TAB>text`).
"""
import csv
import hashlib
import os

ROOT = os.path.join(os.path.dirname(__file__), "..", "data", "appeals")
MAP = {
    "交通运输": "transport",
    "卫生计生": "medical",
    "城乡建设": "housing",
    "商贸旅游": "other",
    "劳动和社会保障": "other",
    "教育文体": "other",
    "环境保护": "other",
}


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def main():
    train, evaluation = [], []
    with open(os.path.join(ROOT, "teddycup2020c_gov_messages.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            category = MAP[row["label"]]
            text = clean(row["text"])[:300]
            held = int(hashlib.sha256(row["id"].encode()).hexdigest(), 16) % 5 == 0
            (evaluation if held else train).append((category, "teddycup", text))
    with open(os.path.join(ROOT, "fangkong-written.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            item = (row["category"], "fangkong-written", clean(row["text"]))
            (train if row["split"] == "train" else evaluation).append(item)
    with open(os.path.join(ROOT, "training.tsv"), "w", encoding="utf-8") as out:
        for category, _, text in train:
            out.write(f"{category}\t{text}\n")
    with open(os.path.join(ROOT, "evaluation.tsv"), "w", encoding="utf-8") as out:
        for category, source, text in evaluation:
            out.write(f"{category}\t{source}\t{text}\n")
    print(f"training: {len(train)} texts; evaluation: {len(evaluation)} texts")


if __name__ == "__main__":
    main()
