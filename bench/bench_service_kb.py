"""Service desk: the knowledge-base search over 20,000 articles.

modules: scrm_service

Figures:
- creating 500 articles through the ORM (the plain-text copy of each body is
  computed on the way), per article;
- a /help search of a word that 50 articles contain, and of a word found only
  in the HTML markup of every article (it finds nothing), as ratios against
  counting the published articles in the same run, and the search on the HTML
  body that it replaces.
"""

from benchlib import bench_env, best_of

from odoo.tools import SQL

ARTICLES = 20_000
BODY = (
    '<div class="o_kb_body"><p style="color: #333">Article {n}: check the '
    "{word} valve, then restart the pump and wait for the green light.</p></div>"
)


def populate(env):
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO scrm_kb_article (
                name, body, body_text, sequence, active, is_published, visibility,
                helpful_count, not_helpful_count,
                create_date, write_date, create_uid, write_uid)
            SELECT jsonb_build_object('en_US', 'Bench article ' || n),
                   jsonb_build_object(
                       'en_US',
                       replace(replace(%(body)s, '{n}', n::text), '{word}', w.word)),
                   'Article ' || n || ': check the ' || w.word
                       || ' valve, then restart the pump and wait for the green light.',
                   10, true, true, 'public', 0, 0, now(), now(), 1, 1
              FROM generate_series(1, %(count)s) n,
                   LATERAL (SELECT CASE WHEN mod(n, 400) = 0 THEN 'bronze'
                                        ELSE 'main' END AS word) w
            """,
            body=BODY,
            count=ARTICLES,
        )
    )
    env.cr.execute("ANALYZE scrm_kb_article")
    env.invalidate_all()


def main():
    with bench_env() as env:
        Article = env["scrm.kb.article"]
        populate(env)

        def create_500():
            Article.create(
                [
                    {
                        "name": f"Created {n}",
                        "body": BODY.format(n=n, word="main"),
                        "is_published": True,
                        "visibility": "public",
                    }
                    for n in range(500)
                ]
            )
            env.flush_all()

        def search_words():
            env.invalidate_all()
            found = Article._scrm_suggest("bronze", public=True, limit=50)
            assert len(found) == 50, len(found)

        def search_markup():
            env.invalidate_all()
            assert not Article._scrm_suggest("style", public=True, limit=50)

        def search_html():
            # What the search did before: ilike on the HTML body.
            env.invalidate_all()
            Article.search(
                [
                    *Article._scrm_visible_domain(public=True),
                    "|",
                    ("name", "ilike", "bronze"),
                    ("body", "ilike", "bronze"),
                ],
                limit=50,
            )

        def count():
            env.invalidate_all()
            Article.search_count(Article._scrm_visible_domain(public=True))

        create_s = best_of(create_500, repeat=1)
        words_s, markup_s, html_s, count_s = (
            best_of(search_words, repeat=5),
            best_of(search_markup, repeat=5),
            best_of(search_html, repeat=5),
            best_of(count, repeat=5),
        )
        print(f"kb-create-per-article: {create_s / 500 * 1000:.2f} ms")
        print(f"kb-search-words-{ARTICLES}: {words_s * 1000:.1f} ms")
        print(f"kb-search-markup-{ARTICLES}: {markup_s * 1000:.1f} ms")
        print(f"kb-search-html-before-{ARTICLES}: {html_s * 1000:.1f} ms")
        print(f"kb-count-{ARTICLES}: {count_s * 1000:.1f} ms")
        print(f"kb-search-vs-count: {words_s / count_s:.2f} ratio")
        env.cr.rollback()


if __name__ == "__main__":
    main()
