-- eventlens DuckDB store, schema version 1.
--
-- One row per article (keyed by Article.id, the content hash of its text) and
-- one row per derived item. Every derived table carries article_id and the
-- item's index in its Analysis list (idx), so an article's analysis can be
-- rebuilt exactly (queries.article) and replaced as a whole (recode).
-- Dates are ISO strings (YYYY-MM-DD) as in the JSON contract; months are
-- substr(date, 1, 7). Nested values the JSON contract keeps as lists/dicts are
-- JSON columns; the values the queries filter on are extracted into columns.
-- Later versions are applied by eventlens.store.migrations; the version in
-- use is the highest row of schema_version.

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    applied_at  TIMESTAMP DEFAULT current_timestamp,
    note        VARCHAR
);

CREATE TABLE IF NOT EXISTS articles (
    id           VARCHAR PRIMARY KEY,   -- sha256(text)[:16], Article.id
    title        VARCHAR,
    date         VARCHAR,               -- YYYY-MM-DD or NULL
    source       VARCHAR,               -- outlet
    url          VARCHAR,
    path         VARCHAR,               -- where it was read from (file#position)
    text         VARCHAR NOT NULL,
    n_chars      INTEGER,
    meta         JSON,                  -- Analysis.meta without per-run timings
    analysis_schema VARCHAR,            -- model.SCHEMA_VERSION of the analysis
    run_id       VARCHAR,               -- ingest or recode run that coded it
    coded_at     TIMESTAMP DEFAULT current_timestamp
);

-- Article-level GDELT-style tone (Analysis.tone); absent when no tone stage ran.
CREATE TABLE IF NOT EXISTS article_tone (
    article_id  VARCHAR NOT NULL,
    tone        DOUBLE,
    positive    DOUBLE,
    negative    DOUBLE,
    polarity    DOUBLE,
    activity    DOUBLE,
    self_group  DOUBLE,
    word_count  INTEGER
);

CREATE TABLE IF NOT EXISTS paragraphs (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    "start"     INTEGER,
    "end"       INTEGER,
    tone        JSON,                   -- Tone dict or NULL
    tone_value  DOUBLE,                 -- tone.tone, for queries
    focus       JSON,                   -- [{code, weight}]
    frames      JSON,                   -- [{frame, score}]
    actor_tone  JSON,                   -- [{code, sentiment, score, n}]
    departure   JSON,                   -- {score, flagged, passage, reasons} or NULL
    departure_score   DOUBLE,
    departure_flagged BOOLEAN
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    paragraph   INTEGER,
    "start"     INTEGER,
    "end"       INTEGER
);

CREATE TABLE IF NOT EXISTS actor_mentions (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    text        VARCHAR,
    "start"     INTEGER,
    "end"       INTEGER,
    code        VARCHAR,
    country     VARCHAR,
    sector      VARCHAR,
    name        VARCHAR,
    kind        VARCHAR,
    sentence    INTEGER,
    rule        VARCHAR,
    confidence  DOUBLE,
    extra       JSON                    -- keys a newer model added, kept verbatim
);

CREATE TABLE IF NOT EXISTS places (
    article_id    VARCHAR NOT NULL,
    idx           INTEGER NOT NULL,
    text          VARCHAR,
    "start"       INTEGER,
    "end"         INTEGER,
    name          VARCHAR,
    country       VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    geonameid     BIGINT,
    admin1        VARCHAR,
    feature_class VARCHAR,
    feature_code  VARCHAR,
    population    BIGINT,
    kind          VARCHAR,
    sentence      INTEGER,
    rule          VARCHAR,
    confidence    DOUBLE,
    extra         JSON
);

CREATE TABLE IF NOT EXISTS events (
    article_id    VARCHAR NOT NULL,
    idx           INTEGER NOT NULL,
    date          VARCHAR,              -- the article's date (denormalised for queries)
    outlet        VARCHAR,              -- the article's source (denormalised)
    source_text   VARCHAR,
    source_code   VARCHAR,
    source_start  INTEGER,
    source_end    INTEGER,
    target_text   VARCHAR,
    target_code   VARCHAR,
    target_start  INTEGER,
    target_end    INTEGER,
    has_source    BOOLEAN,              -- Event.source is not None
    has_target    BOOLEAN,
    cameo         VARCHAR,
    cameo_root    VARCHAR,
    plover        VARCHAR,
    quad_class    INTEGER,
    goldstein     DOUBLE,
    paragraph     INTEGER,
    sentence      INTEGER,
    "start"       INTEGER,              -- evidence span
    "end"         INTEGER,
    evidence      VARCHAR,              -- text[start:end], for listings
    trigger       VARCHAR,
    trigger_start INTEGER,
    trigger_end   INTEGER,
    negated       BOOLEAN,
    modality      VARCHAR,
    speaker       JSON,                 -- EventActor dict or NULL
    plover_mode   VARCHAR,
    location      JSON,                 -- {name, country, lat, lon, geonameid, how} or NULL
    loc_name      VARCHAR,
    loc_country   VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    rule          VARCHAR,
    confidence    DOUBLE,
    extra         JSON
);

-- Article-level (paragraph IS NULL) and paragraph-level sentiment toward actors.
CREATE TABLE IF NOT EXISTS actor_tone (
    article_id  VARCHAR NOT NULL,
    paragraph   INTEGER,
    idx         INTEGER NOT NULL,
    code        VARCHAR,
    sentiment   VARCHAR,
    score       DOUBLE,
    n           INTEGER,
    item        JSON                    -- the dict as the stage produced it
);

-- One row per (paragraph, frame), exploded from paragraphs.frames.
CREATE TABLE IF NOT EXISTS frames (
    article_id  VARCHAR NOT NULL,
    paragraph   INTEGER NOT NULL,
    frame       VARCHAR,
    score       DOUBLE
);

CREATE TABLE IF NOT EXISTS passages (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    paragraphs  JSON,
    "start"     INTEGER,
    "end"       INTEGER,
    score       DOUBLE,
    reasons     JSON
);

-- Records that could not be read or analysed; re-reading the same record
-- replaces its row, so a rerun never duplicates it.
CREATE TABLE IF NOT EXISTS quarantine (
    file        VARCHAR NOT NULL,
    position    VARCHAR NOT NULL,       -- '' (whole file), 'line 3', 'row 5', 'entry 2'
    reason      VARCHAR NOT NULL,
    stage       VARCHAR,                -- read | analyse | warning (stored, with a problem such as a bad date)
    run_id      VARCHAR,
    created_at  TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (file, position)
);

CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id      VARCHAR PRIMARY KEY,
    kind        VARCHAR,                -- ingest | recode
    started_at  TIMESTAMP,
    finished_at TIMESTAMP,
    status      VARCHAR,                -- running | done | failed (a killed run stays running)
    engine      VARCHAR,
    jobs        INTEGER,
    stages      JSON,
    options     JSON,
    articles_added   BIGINT DEFAULT 0,
    articles_skipped BIGINT DEFAULT 0,
    quarantined      BIGINT DEFAULT 0
);

-- Files whose every record is committed; a rerun with the same file
-- (same size, mtime and reading options) skips re-reading it.
CREATE TABLE IF NOT EXISTS ingest_files (
    file        VARCHAR NOT NULL,
    size        BIGINT,
    mtime       DOUBLE,
    options     VARCHAR,                -- fingerprint of the reading options
    records     BIGINT,
    run_id      VARCHAR,
    done_at     TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (file, options)
);
