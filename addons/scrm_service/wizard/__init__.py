from . import scrm_caller_lookup, scrm_kb_article_insert
