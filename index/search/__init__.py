"""The search wing: the Whoosh index on disk (store), queries, ranking, top hits and snippets."""
