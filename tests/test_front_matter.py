"""Front matter as blogs write it (Jekyll YAML, Hugo/Zola TOML), titles without markup, template
tags left out of the index, and dates from file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.index.api import Snapshot
from dossier.index.corpus.article import load_article, parse_article
from dossier.index.corpus.articles import Corpus
from dossier.index.corpus.front_matter import calendar_date

#: Shaped as the 18F blog's posts are (content/posts/2014-05-14-hacking-bureaucracy-…md): an empty
#: ``image:``, an HTML ``excerpt``, a timestamp, a Tumblr URL, authors and tags as lists, Liquid
#: tags in the body.
JEKYLL = """\
---
layout: post
date: '2014-05-14T11:02:00-04:00'
tumblr_url: http://18fblog.tumblr.com/post/85724876053/hacking-bureaucracy

title: "Hacking bureaucracy: improving hiring and software deployment"

excerpt: <p>When asked what it is we do, one quick answer is, "we’re hacking bureaucracy."</p>
image:
authors:
- greg
- noah
tags:
- culture change
- how we work
hero: false
---
{% raw %}
When asked what it is we do, one quick answer is, "we’re hacking
bureaucracy." {% image "assets/blog/hiring/team.jpg" "the team at work" %} It isn’t.
{% endraw %}
"""

#: Shaped as the Rust blog's posts are (content/Rust-1.68.2.md): Zola's TOML, dated only by its
#: ``path``.
ZOLA = """\
+++
path = "2023/03/28/Rust-1.68.2"
title = "Announcing Rust 1.68.2"
authors = ["The Rust Release Team"]
aliases = [
    "2023/03/28/Rust-1.68.2.html",
    "releases/1.68.2",
]

[extra]
release = true
+++

The Rust team has published a new point release of Rust, 1.68.2. {{< note "shortcode" >}}
"""

HUGO = """\
+++
title = "Cargo's **new** resolver"
date = 2014-03-12T10:11:00-04:00
author = "Jane Doe"
categories = "tooling, cargo"
lang = "en"
+++
Body of the *post*.
"""


def _load(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    article, problems = load_article(path)
    assert article is not None
    return path, article, problems


def test_jekyll_post_gives_title_date_authors_tags_and_keeps_other_fields(tmp_path: Path) -> None:
    _, article, problems = _load(tmp_path, "2014-05-14-hacking-bureaucracy.md", JEKYLL)
    assert problems == []
    assert article.title == "Hacking bureaucracy: improving hiring and software deployment"
    assert (article.date, article.date_label) == ("2014-05-14", "2014-05-14")  # given, not inferred
    assert article.meta.authors == ["greg", "noah"] and article.meta.tags == [
        "culture change",
        "how we work",
    ]
    assert article.meta.other["layout"] == "post" and article.meta.other["hero"] == "False"
    assert article.meta.other["excerpt"].startswith("<p>When asked")
    assert "image" not in article.meta.other  # empty


def test_liquid_tags_are_blanked_and_body_offsets_stay_file_offsets(tmp_path: Path) -> None:
    path, article, _ = _load(tmp_path, "post.md", JEKYLL)
    text = path.read_text(encoding="utf-8")
    start = len(text) - len(article.body)
    assert (
        len(article.body) == len(text[start:])
        and "{%" not in article.body
        and "image" not in article.body
    )
    at = article.body.index("It isn’t.")
    assert text[start + at : start + at + 9] == "It isn’t."
    assert article.body.splitlines()[0].strip() == "" and article.body.count("\n") == text[
        start:
    ].count("\n")


def test_liquid_tags_are_not_searchable(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "2014-05-14-hacking.md").write_text(JEKYLL, encoding="utf-8")
    bench = Snapshot.open(Corpus(tmp_path), index_root=tmp_path / "ix")
    assert [h.id for h in bench.search("bureaucracy").hits] == ["2014-05-14-hacking"]
    assert bench.search("endraw").hits == [] and bench.search("assets").hits == []


def test_zola_toml_post_is_dated_by_its_path_and_shortcodes_blanked(tmp_path: Path) -> None:
    _, article, problems = _load(tmp_path, "Rust-1.68.2.md", ZOLA)
    assert problems == []
    assert (article.title, article.meta.authors) == (
        "Announcing Rust 1.68.2",
        ["The Rust Release Team"],
    )
    assert (article.date, article.date_inferred, article.date_label) == (
        "2023-03-28",
        "from the path",
        "2023-03-28 (inferred)",
    )
    assert article.meta.other["aliases"] == ["2023/03/28/Rust-1.68.2.html", "releases/1.68.2"]
    assert "{{<" not in article.body and article.body.rstrip().endswith("1.68.2.")


def test_hugo_toml_datetime_author_string_and_categories(tmp_path: Path) -> None:
    _, article, problems = _load(tmp_path, "cargo.md", HUGO)
    assert problems == []
    assert (
        article.title,
        article.date,
        article.meta.authors,
        article.meta.tags,
        article.meta.language,
    ) == ("Cargo's new resolver", "2014-03-12", ["Jane Doe"], ["tooling", "cargo"], "en")
    assert article.body == "Body of the *post*.\n"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2014", "2014"),
        ("2014-03", "2014-03"),
        ("2014-03-12", "2014-03-12"),
        ("2014-03-12T10:11:00-04:00", "2014-03-12"),
        ("2014-03-12 10:11:00 -0400", "2014-03-12"),
        ("2015-03-17 14:00:00 -4", "2015-03-17"),
        ("2016-03-23 9:00:00 -4", "2016-03-23"),
        ("2014-03-12T23:30:00Z", "2014-03-12"),
        ("2014-3-5", "2014-03-05"),
        ("soon", "soon"),
    ],
)
def test_calendar_dates_from_what_front_matter_writes(written: str, expected: str) -> None:
    assert calendar_date(written) == expected


def test_yaml_date_objects_and_years(tmp_path: Path) -> None:
    import datetime as dt

    assert (
        calendar_date(dt.datetime(2014, 3, 12, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4))))
        == "2014-03-12"
    )
    assert calendar_date(dt.date(2014, 3, 12)) == "2014-03-12" and calendar_date(2014) == "2014"
    _, article, _ = _load(tmp_path, "year.md", "---\ndate: 2014\n---\nText.\n")
    assert article.date == "2014"


def test_field_of_the_wrong_shape_is_reported_and_the_rest_used(tmp_path: Path) -> None:
    text = (
        '---\ntitle: "Launch day"\ndate: "soon"\nauthors:\n- ada\n- [nested]\ntags: cloud\nlanguage: en\n---\n'
        "Body.\n"
    )
    path, article, problems = _load(tmp_path, "2016-03-04-launch.md", text)
    assert [str(p) for p in problems] == [
        f"{path}:3:7: date: 'soon' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        f"{path}:6:3: authors[1]: expected a string, got a list",
    ]
    assert (article.title, article.meta.tags, article.meta.language, article.meta.authors) == (
        "Launch day",
        ["cloud"],
        "en",
        [],
    )
    assert (article.date, article.date_label) == (
        "2016-03-04",
        "2016-03-04 (inferred)",
    )  # from the file name


def test_toml_field_of_the_wrong_shape_is_located(tmp_path: Path) -> None:
    path, article, problems = _load(
        tmp_path, "t.md", '+++\ntitle = "T"\ndate = "soon"\n+++\nBody.\n'
    )
    assert [str(p) for p in problems] == [
        f"{path}:3:8: date: 'soon' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    ]
    assert (article.title, article.date) == ("T", None)


def test_toml_syntax_error_is_located_and_the_article_loads(tmp_path: Path) -> None:
    path, article, problems = _load(
        tmp_path, "bad.md", '+++\ntitle = "T"\ndate = \n+++\nStill here.\n'
    )
    assert [str(p) for p in problems] == [f"{path}:3:8: TOML syntax error: Invalid value"]
    assert (article.title, article.body) == ("Still here.", "Still here.\n")


def test_unknown_fields_are_not_reported(tmp_path: Path) -> None:
    _, article, problems = _load(
        tmp_path, "x.md", "---\nhero: true\nredirect_from: [/a/, /b/]\n---\nText.\n"
    )
    assert problems == [] and article.meta.other == {
        "hero": "True",
        "redirect_from": ["/a/", "/b/"],
    }


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("byline: Ada Lovelace", ["Ada Lovelace"]),
        ("author: {name: Ada Lovelace, url: https://example.org}", ["Ada Lovelace"]),
        ("author: ada\nauthors: [grace, ada]", ["grace", "ada"]),
    ],
)
def test_authors_under_any_of_their_names(tmp_path: Path, fields: str, expected: list[str]) -> None:
    _, article, problems = _load(tmp_path, "a.md", f"---\n{fields}\n---\nText.\n")
    assert problems == [] and article.meta.authors == expected


def test_url_publisher_and_language_aliases(tmp_path: Path) -> None:
    text = "---\npermalink: /2014/03/12/x/\nsite: 18F\nlang: en-US\ncategories: news events\n---\nText.\n"
    _, article, _ = _load(tmp_path, "x.md", text)
    assert (article.meta.url, article.meta.publisher, article.meta.language, article.meta.tags) == (
        "/2014/03/12/x/",
        "18F",
        "en-US",
        ["news", "events"],
    )
    assert (article.date, article.date_inferred) == ("2014-03-12", "from the url")


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("a.md", "**What is 18F?**\n\nWe are a team.\n", "What is 18F?"),
        (
            "b.md",
            '<figure class="align-right">\n<img src="x.jpg">\n</figure>\n\n# Why *open* source\n',
            "Why open source",
        ),
        (
            "c.md",
            "Read [our guide](https://18f.gsa.gov/guide/) today.\n\nMore.\n",
            "Read our guide today.",
        ),
        ("d.md", "Intro line with no markup\n\n## A heading below it\n", "A heading below it"),
        (
            "e.txt",
            "Tate &amp; Lyle boss bags top award\n\nBody.\n",
            "Tate & Lyle boss bags top award",
        ),
        (
            "f.md",
            '---\ntitle: "Rust &amp; the case of the <em>disappearing</em> frames"\n---\nText.\n',
            "Rust & the case of the disappearing frames",
        ),
        (
            "g.md",
            "{% include hero.html %}\n![A photo](x.jpg)\nPlain first line. Second.\n",
            "A photo",
        ),
    ],
)
def test_titles_without_markup(tmp_path: Path, name: str, text: str, title: str) -> None:
    assert _load(tmp_path, name, text)[1].title == title


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("2016-03-04-slug.md", "2016-03-04"),
        ("20160304-slug.txt", "2016-03-04"),
        ("2016-02-30-slug.md", None),
        ("1999-notes.txt", None),
        ("slug-2016-03-04.md", None),
    ],
)
def test_dates_in_file_names(tmp_path: Path, name: str, date: str | None) -> None:
    article = _load(tmp_path, name, "A title\n\nBody.\n")[1]
    assert article.date == date
    assert article.date_label == (f"{date} (inferred)" if date else "undated")


def test_file_name_date_yields_to_printed_and_front_matter_dates(tmp_path: Path) -> None:
    printed = _load(tmp_path, "2016-03-04-a.txt", "Title\ndate 2016-03-01\nBody.\n")[1]
    assert (printed.date, printed.date_inferred) == ("2016-03-01", None)
    given = _load(tmp_path, "2016-03-04-b.md", "---\ndate: 2016-03-02\n---\nBody.\n")[1]
    assert (given.date, given.date_inferred) == ("2016-03-02", None)


def test_metadata_file_wins_over_a_file_name_date_and_gives_the_title(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2016-03-04-slug.md").write_text(
        "**Draft title**\n\nBody about Rajin.\n", encoding="utf-8"
    )
    (seeds / "metadata.yaml").write_text(
        "2016-03-04-slug:\n  date: '2016-05'\n  title: Rajin port reopens\n", encoding="utf-8"
    )
    bench = Snapshot.open(Corpus(tmp_path), index_root=tmp_path / "ix")
    article = bench.article("2016-03-04-slug")
    assert (article.title, article.date, article.date_label) == (
        "Rajin port reopens",
        "2016-05",
        "2016-05",
    )
    assert bench.problems == []


def test_metadata_file_stays_strict_about_the_front_matter_catch_all(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("A\n\nBody.\n", encoding="utf-8")
    (seeds / "metadata.yaml").write_text("a:\n  other: {x: y}\n  excerpt: z\n", encoding="utf-8")
    bench = Snapshot.open(Corpus(tmp_path), index_root=tmp_path / "ix")
    path = seeds / "metadata.yaml"
    assert [str(p) for p in bench.problems] == [f"{path}:2:3: a: unknown field 'other'"]


def test_parse_article_keeps_the_front_matter_out_of_the_body() -> None:
    article, problems = parse_article(Path("x.md"), '+++\ntitle = "T"\n+++\nBody.\n')
    assert (article.title, article.body, problems) == ("T", "Body.\n", [])
