#!/usr/bin/env python3
"""Builds fangkong's labelled sample of real crisis text: the 600 Weibo help
requests of 2020 whose ids are listed in data/appeals/weibo-train-ids.txt (the
only Weibo posts the project may read, label and train on; every other post of
data/appeals/weibo_feiyan_qiuzhu_2020.csv is evaluation-only), with the labels
the project gave them by hand (data/appeals/weibo-train-labels.tsv, by the
guide in data/appeals/LABELLING.md).

Writes data/appeals/weibo-train.tsv: `category<TAB>second<TAB>id<TAB>text`,
one post per line in the order of the id list, its text on one line (tabs and
line breaks become spaces). Refuses to write if an id is missing from the
source, unlabelled, labelled twice or not in the id list.
"""
import csv
import os
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "data", "appeals")
CATEGORIES = {"stranded", "transport", "supplies", "medical", "housing",
              "mental_health", "complaint", "other"}


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def main():
    with open(os.path.join(ROOT, "weibo-train-ids.txt"), encoding="utf-8") as f:
        ids = [line.strip() for line in f if line.strip()]
    labels = {}
    with open(os.path.join(ROOT, "weibo-train-labels.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["id"] in labels:
                sys.exit(f"{row['id']}: labelled twice")
            if row["category"] not in CATEGORIES or (row["second"] and row["second"] not in CATEGORIES):
                sys.exit(f"{row['id']}: unknown category")
            labels[row["id"]] = (row["category"], row["second"])
    if set(labels) != set(ids):
        sys.exit("the labels do not cover exactly the listed training ids")
    with open(os.path.join(ROOT, "weibo_feiyan_qiuzhu_2020.csv"), encoding="utf-8") as f:
        texts = {row["id"]: clean(row["text"]) for row in csv.DictReader(f) if row["id"] in labels}
    missing = [i for i in ids if i not in texts]
    if missing:
        sys.exit(f"not in the source: {missing[:5]}")
    with open(os.path.join(ROOT, "weibo-train.tsv"), "w", encoding="utf-8") as out:
        for i in ids:
            category, second = labels[i]
            out.write(f"{category}\t{second}\t{i}\t{texts[i]}\n")
    print(f"{len(ids)} posts written to data/appeals/weibo-train.tsv")


if __name__ == "__main__":
    main()
