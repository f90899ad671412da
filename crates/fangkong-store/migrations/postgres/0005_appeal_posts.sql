-- Public posts taken in as appeals (网上民声, issue 19): the feed and the post's
-- own id, so that a post is never taken in twice, and the author's public
-- handle. An appeal with a row here came from online, not from the hotline or
-- the message board.
CREATE TABLE appeal_posts (
    appeal_id  BIGINT NOT NULL PRIMARY KEY REFERENCES appeals (id) ON DELETE RESTRICT,
    feed       TEXT COLLATE "C" NOT NULL,
    post_id    TEXT COLLATE "C" NOT NULL,
    author     TEXT COLLATE "C",
    UNIQUE (feed, post_id)
);
