// SPDX-License-Identifier: MIT
#include "cranes/catalog/schema.hpp"

#include "cranes/film/labels.hpp"

namespace cranes::catalog {

namespace {

// 'a', 'b', 'c' for a CHECK (... IN (...)) from a word table.
template <class E>
std::string sql_words() {
  std::string out;
  for (const auto& e : enum_table(E{})) {
    if (!out.empty()) out += ", ";
    out += "'" + std::string(e.token) + "'";
  }
  return out;
}

// The tables, and the indexes that keep their foreign keys cheap to follow (a film's removal).
std::string migration_1() {
  const std::string transitions = sql_words<film::TransitionType>();
  return R"(
CREATE TABLE films (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  analysis_path TEXT NOT NULL DEFAULT '',
  size_bytes INTEGER NOT NULL DEFAULT 0,
  mtime_ns INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  year INTEGER,
  director TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  user_set TEXT NOT NULL DEFAULT '',
  container TEXT NOT NULL DEFAULT '',
  codec TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  fps REAL NOT NULL DEFAULT 0,
  fps_num INTEGER NOT NULL DEFAULT 0,
  fps_den INTEGER NOT NULL DEFAULT 1,
  duration_s REAL NOT NULL DEFAULT 0,
  frames INTEGER NOT NULL DEFAULT 0,
  shots INTEGER NOT NULL DEFAULT 0,
  asl_s REAL NOT NULL DEFAULT 0,
  msl_s REAL NOT NULL DEFAULT 0,
  max_s REAL NOT NULL DEFAULT 0,
  version TEXT NOT NULL,
  params TEXT NOT NULL,
  document TEXT NOT NULL,
  added_at TEXT NOT NULL
);
CREATE TABLE tags (
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
  tag TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (film_id, tag)
) WITHOUT ROWID;
CREATE TABLE shots (
  id INTEGER PRIMARY KEY,
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  start_frame INTEGER NOT NULL,
  end_frame INTEGER NOT NULL,
  start_s REAL NOT NULL,
  end_s REAL NOT NULL,
  length_s REAL NOT NULL,
  transition_in TEXT CHECK (transition_in IN ()" +
         transitions + R"()),
  transition_out TEXT CHECK (transition_out IN ()" +
         transitions + R"()),
  movements TEXT NOT NULL DEFAULT '',
  handheld INTEGER NOT NULL DEFAULT 0,
  spin_deg REAL NOT NULL DEFAULT 0,
  dutch_deg REAL,
  dutch_abs REAL,
  dutch INTEGER NOT NULL DEFAULT 0,
  camera_angle TEXT CHECK (camera_angle IN ()" +
         sql_words<film::CameraAngle>() + R"()),
  scale TEXT NOT NULL DEFAULT '',
  scale_closest INTEGER,
  scale_widest INTEGER,
  key_frame INTEGER,
  still_path TEXT NOT NULL DEFAULT '',
  UNIQUE (film_id, idx)
);
CREATE TABLE movements (
  id INTEGER PRIMARY KEY,
  shot_id INTEGER NOT NULL REFERENCES shots(id) ON DELETE CASCADE,
  start_frame INTEGER NOT NULL,
  end_frame INTEGER NOT NULL,
  start_s REAL NOT NULL,
  end_s REAL NOT NULL,
  label TEXT NOT NULL CHECK (label IN ()" +
         sql_words<film::MovementLabel>() + R"()),
  kind TEXT NOT NULL CHECK (kind IN ()" +
         sql_words<film::MovementKind>() + R"()),
  rate REAL NOT NULL DEFAULT 0,
  rate_unit TEXT NOT NULL DEFAULT '',
  total REAL NOT NULL DEFAULT 0,
  handheld INTEGER NOT NULL DEFAULT 0,
  shake REAL NOT NULL DEFAULT 0,
  confidence REAL NOT NULL DEFAULT 0
);
CREATE INDEX movements_by_shot ON movements(shot_id);
CREATE TABLE transitions (
  id INTEGER PRIMARY KEY,
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ()" +
         transitions + R"()),
  start_frame INTEGER NOT NULL,
  end_frame INTEGER NOT NULL,
  confidence REAL NOT NULL DEFAULT 0
);
CREATE INDEX transitions_by_film ON transitions(film_id);
CREATE TABLE stills (
  id INTEGER PRIMARY KEY,
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
  shot_idx INTEGER NOT NULL,
  frame INTEGER NOT NULL,
  time_s REAL NOT NULL,
  score REAL NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  path TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stills_by_film ON stills(film_id, shot_idx);
)";
}

// The indexes the search language's terms use (query.cpp): one per field a term filters on.
constexpr const char* kMigration2 = R"(
CREATE INDEX films_by_year ON films(year);
CREATE INDEX tags_by_tag ON tags(tag);
CREATE INDEX shots_by_length ON shots(length_s);
CREATE INDEX shots_by_dutch ON shots(dutch_abs) WHERE dutch_abs IS NOT NULL;
CREATE INDEX shots_by_closest ON shots(scale_closest) WHERE scale_closest IS NOT NULL;
CREATE INDEX shots_by_widest ON shots(scale_widest) WHERE scale_widest IS NOT NULL;
CREATE INDEX shots_by_spin ON shots(spin_deg);
CREATE INDEX shots_handheld ON shots(id) WHERE handheld = 1;
CREATE INDEX movements_by_label ON movements(label, shot_id);
CREATE INDEX movements_by_kind ON movements(kind, shot_id);
)";

// Whips (whip pans, whip tilts, crash zooms): a column of their own, filled for the films already in the
// catalog from the analyses they hold (a movement is found by its shot and its first frame).
constexpr const char* kMigration3 = R"(
ALTER TABLE movements ADD COLUMN whip INTEGER NOT NULL DEFAULT 0;
UPDATE movements SET whip = 1 WHERE EXISTS (
  SELECT 1 FROM shots s JOIN films f ON f.id = s.film_id,
    json_each(f.document, '$.shots[' || s.idx || '].movements') j
  WHERE s.id = movements.shot_id AND json_valid(f.document)
    AND json_extract(j.value, '$.start_frame') = movements.start_frame
    AND json_extract(j.value, '$.whip') = 1);
CREATE INDEX movements_whip ON movements(shot_id) WHERE whip = 1;
)";

}  // namespace

const std::vector<std::string>& migrations() {
  static const std::vector<std::string> all{migration_1(), kMigration2, kMigration3};
  return all;
}

}  // namespace cranes::catalog
