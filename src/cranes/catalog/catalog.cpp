// SPDX-License-Identifier: MIT
// The catalog's reading and writing. Every write is one IMMEDIATE transaction, so two processes adding films
// wait their turn (busy timeout) and a process killed mid-write leaves the last committed state (WAL).
#include "cranes/catalog/catalog.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "cranes/catalog/schema.hpp"
#include "cranes/catalog/sqlite.hpp"
#include "cranes/core/error.hpp"
#include "cranes/film/title.hpp"
#include "cranes/media/file_hash.hpp"

namespace cranes::catalog {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kSqliteMagic[] = "SQLite format 3";

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A file that exists and is not empty must start as an SQLite database does, or it is not ours to touch.
void refuse_foreign_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  if (fs::is_directory(path, ec))
    throw Error(path.string(), "is a directory, not a catalog", Error::Kind::Db);
  const auto size = fs::file_size(path, ec);
  if (ec || size == 0) return;
  std::ifstream in(path, std::ios::binary);
  if (!in) return;  // unreadable: SQLite says why
  char head[16] = {};
  in.read(head, sizeof head);
  if (in.gcount() < 16 || std::string(head, 15) != kSqliteMagic)
    throw Error(path.string(),
                "not an SQLite database; it is left as it is (use --catalog to choose another file)",
                Error::Kind::Db);
}

int user_version(sql::Database& db) {
  auto st = db.prepare("PRAGMA user_version");
  return st.step() ? static_cast<int>(st.integer(0)) : 0;
}

void migrate(sql::Database& db) {
  const int have = user_version(db);
  if (have > kSchemaVersion)
    throw Error(db.path().string(),
                "the catalog was made by a newer cranes (schema " + std::to_string(have) +
                    "; this one knows up to " + std::to_string(kSchemaVersion) + "); it is left as it is",
                Error::Kind::Db);
  const auto& steps = migrations();
  for (int v = have; v < kSchemaVersion; ++v) {
    sql::Transaction tx(db);
    // Another process may have migrated while this one waited for the lock.
    if (user_version(db) > v) continue;
    db.exec(steps[static_cast<size_t>(v)]);
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    tx.commit();
  }
}

FilmRecord record_from(const sql::Statement& st) {
  FilmRecord r;
  int c = 0;
  r.id = st.integer(c++);
  r.path = st.text(c++);
  r.analysis_path = st.text(c++);
  r.size_bytes = st.integer(c++);
  r.mtime_ns = st.integer(c++);
  r.content_hash = st.text(c++);
  r.title = st.text(c++);
  if (auto y = st.optional_integer(c++)) r.year = static_cast<int>(*y);
  r.director = st.text(c++);
  r.country = st.text(c++);
  r.container = st.text(c++);
  r.codec = st.text(c++);
  r.width = static_cast<int>(st.integer(c++));
  r.height = static_cast<int>(st.integer(c++));
  r.fps = st.real(c++);
  r.duration_s = st.real(c++);
  r.frames = st.integer(c++);
  r.shots = static_cast<int>(st.integer(c++));
  r.asl_s = st.real(c++);
  r.msl_s = st.real(c++);
  r.max_s = st.real(c++);
  r.version = st.text(c++);
  r.added_at = st.text(c++);
  r.settings = json::parse(st.text(c++), nullptr, false);
  return r;
}

constexpr const char* kRecordColumns =
    "id, path, analysis_path, size_bytes, mtime_ns, content_hash, title, year, director, country, container, "
    "codec, width, height, fps, duration_s, frames, shots, asl_s, msl_s, max_s, version, added_at, params";

struct FileStat {
  int64_t size_bytes = 0;
  int64_t mtime_ns = 0;
};

// Size and modification time of a regular file; none when it is missing or not a regular file.
std::optional<FileStat> regular_file_stat(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileStat{static_cast<int64_t>(st.st_size),
                  static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

std::vector<std::string> tags_of(sql::Database& db, int64_t id) {
  auto st = db.prepare("SELECT tag FROM tags WHERE film_id = ? ORDER BY tag");
  st.bind(1, id);
  std::vector<std::string> tags;
  while (st.step()) tags.push_back(st.text(0));
  return tags;
}

bool has_word(const std::string& list, std::string_view word) {
  std::stringstream ss(list);
  std::string w;
  while (std::getline(ss, w, ','))
    if (w == word) return true;
  return false;
}

// The largest roll of one movement, in degrees: what "a spin" is measured by.
double spin_of(const film::Shot& shot) {
  double most = 0;
  for (const auto& m : shot.movements)
    if (film::kind_of(m.label) == film::MovementKind::Roll) most = std::max(most, std::abs(m.total));
  return most;
}

bool handheld_of(const film::Shot& shot) {
  return std::any_of(shot.movements.begin(), shot.movements.end(), [](const film::Movement& m) {
    return m.handheld || m.label == film::MovementLabel::Shake;
  });
}

// The movements for a list of results: one word a change of movement ("static,pan_right"), not one a segment.
std::string labels_of(const film::Shot& shot) {
  std::string out;
  for (size_t i = 0; i < shot.movements.size(); ++i) {
    if (i > 0 && shot.movements[i].label == shot.movements[i - 1].label) continue;
    if (!out.empty()) out += ",";
    out += film::word(shot.movements[i].label);
  }
  return out;
}

std::string absolute_still(const film::Still& s, const FileFacts& facts) {
  if (s.path.empty()) return {};
  fs::path p(s.path);
  if (p.is_relative()) {
    const fs::path base = !facts.analysis.empty() ? facts.analysis.parent_path() : facts.video.parent_path();
    p = base / p;
  }
  return p.lexically_normal().string();
}

}  // namespace

json analysis_settings(const json& params, const std::vector<std::string>& analyzers) {
  return json{{"params", params}, {"analyzers", analyzers}};
}

fs::path default_catalog_path() {
  if (const char* c = std::getenv("CRANES_CATALOG"); c && *c) return c;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return fs::path(x) / "cranes" / "catalog.db";
  if (const char* h = std::getenv("HOME"); h && *h)
    return fs::path(h) / ".local" / "share" / "cranes" / "catalog.db";
  return fs::path("cranes-catalog.db");
}

FileFacts file_facts(const fs::path& video, const fs::path& analysis) {
  FileFacts f;
  std::error_code ec;
  f.video = fs::weakly_canonical(fs::absolute(video, ec), ec);
  if (f.video.empty()) f.video = fs::absolute(video);
  if (!analysis.empty()) f.analysis = fs::weakly_canonical(fs::absolute(analysis));
  if (const auto st = regular_file_stat(f.video)) {
    f.size_bytes = st->size_bytes;
    f.mtime_ns = st->mtime_ns;
    try {
      f.content_hash = media::sample_hash(f.video);
    } catch (const Error&) {
      f.content_hash.clear();  // unreadable: recorded as unknown, `catalog check` says so
    }
  }
  return f;
}

Catalog::Catalog(const fs::path& path, Mode mode) : m_path(path) {
  std::error_code ec;
  if (mode == Mode::ReadOnly && !fs::exists(path, ec))
    throw Error(
        path.string(),
        "no catalog here yet; `cranes analyze FILM` or `cranes catalog import FILE.cranes.json` makes it",
        Error::Kind::Db);
  refuse_foreign_file(path);
  if (mode == Mode::ReadWrite && path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      throw Error(path.parent_path().string(), "cannot create the catalog's directory: " + ec.message(),
                  Error::Kind::Db);
  }
  m_db = std::make_unique<sql::Database>(
      path, mode == Mode::ReadOnly ? sql::Database::Mode::ReadOnly : sql::Database::Mode::ReadWrite);
  m_db->exec("PRAGMA foreign_keys = ON");
  if (mode == Mode::ReadWrite) {
    // WAL: readers never wait for a writer, and a writer killed mid-transaction leaves the last commit.
    m_db->exec_waiting("PRAGMA journal_mode = WAL");
    m_db->exec("PRAGMA synchronous = NORMAL");
    migrate(*m_db);
  } else {
    const int have = user_version(*m_db);
    if (have > kSchemaVersion)
      throw Error(path.string(),
                  "the catalog was made by a newer cranes (schema " + std::to_string(have) +
                      "; this one knows up to " + std::to_string(kSchemaVersion) + ")",
                  Error::Kind::Db);
    if (have < kSchemaVersion)
      throw Error(path.string(),
                  "the catalog has an older schema (" + std::to_string(have) +
                      "); `cranes catalog check` brings it up to date",
                  Error::Kind::Db);
  }
  m_writable = mode == Mode::ReadWrite;
}

Catalog::~Catalog() {
  if (!m_db || !m_writable) return;
  try {
    m_db->exec("PRAGMA optimize");  // keeps the planner's statistics fresh for the searches
  } catch (const Error&) {
  }
}

int Catalog::schema_version() const {
  return user_version(*m_db);
}

int64_t Catalog::add(const film::Film& film, const FileFacts& facts, std::string_view version) {
  sql::Database& db = *m_db;
  sql::Transaction tx(db);
  const auto [title, year_text] = film::film_title(film);
  std::optional<int> year;
  if (!year_text.empty()) year = std::stoi(year_text);
  const std::string document = film::to_json(film).dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string params =
      analysis_settings(film.params, film.analyzers).dump(-1, ' ', false, json::error_handler_t::replace);
  const auto& s = film.source;

  int64_t id = 0;
  std::string user_set;
  {
    auto st = db.prepare(
        "SELECT id, user_set, document = ? AND analysis_path = ? AND size_bytes = ? AND mtime_ns = ? AND "
        "version = ? FROM films WHERE path = ?");
    st.bind_row(document, facts.analysis.string(), facts.size_bytes, facts.mtime_ns, version,
                facts.video.string());
    if (st.step()) {
      id = st.integer(0);
      user_set = st.text(1);
      if (st.integer(2) != 0)
        return id;  // the same analysis of the same file: importing it again changes nothing
    }
  }
  if (id == 0) {
    auto st = db.prepare(
        "INSERT INTO films (path, version, params, document, added_at) VALUES (?, '', '', '', '')");
    st.bind(1, facts.video.string()).run();
    id = db.last_insert_rowid();
  } else {
    // A new analysis of the same file replaces the old one's rows; what the user set stays.
    for (const char* table : {"shots", "transitions", "stills"}) {
      auto st = db.prepare(std::string("DELETE FROM ") + table + " WHERE film_id = ?");
      st.bind(1, id).run();
    }
  }
  {
    auto st = db.prepare(
        "UPDATE films SET analysis_path = ?, size_bytes = ?, mtime_ns = ?, content_hash = ?, container = ?, "
        "codec = ?, width = ?, height = ?, fps = ?, fps_num = ?, fps_den = ?, duration_s = ?, frames = ?, "
        "shots = ?, asl_s = ?, msl_s = ?, max_s = ?, version = ?, params = ?, document = ?, added_at = ?, "
        "title = CASE WHEN ? THEN title ELSE ? END, year = CASE WHEN ? THEN year ELSE ? END WHERE id = ?");
    st.bind_row(facts.analysis.string(), facts.size_bytes, facts.mtime_ns, facts.content_hash, s.container,
                s.codec, s.width, s.height, s.fps_nominal.valid() ? s.fps_nominal.to_double() : 0.0,
                s.fps_nominal.num, s.fps_nominal.den,
                film.decode.duration_s > 0 ? film.decode.duration_s : s.duration_s,
                film.decode.frames > 0 ? film.decode.frames : std::max<int64_t>(s.frames, 0),
                static_cast<int64_t>(film.shots.size()), film.stats.asl_s, film.stats.msl_s, film.stats.max_s,
                version, params, document, now_iso8601(), has_word(user_set, "title"), title,
                has_word(user_set, "year"), year, id)
        .run();
  }
  auto shot_st = db.prepare(
      "INSERT INTO shots (film_id, idx, start_frame, end_frame, start_s, end_s, length_s, transition_in, "
      "transition_out, movements, handheld, spin_deg, dutch_deg, dutch_abs, dutch, camera_angle, scale, "
      "scale_closest, scale_widest, key_frame, still_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, "
      "?, ?, ?, ?, ?)");
  auto move_st = db.prepare(
      "INSERT INTO movements (shot_id, start_frame, end_frame, start_s, end_s, label, kind, rate, rate_unit, "
      "total, handheld, whip, shake, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // The first still of each shot, for the search's results.
  std::vector<std::string> first_still(film.shots.size());
  for (const auto& still : film.stills)
    if (still.shot >= 0 && static_cast<size_t>(still.shot) < first_still.size() &&
        first_still[static_cast<size_t>(still.shot)].empty())
      first_still[static_cast<size_t>(still.shot)] = absolute_still(still, facts);
  for (size_t k = 0; k < film.shots.size(); ++k) {
    const film::Shot& shot = film.shots[k];
    std::optional<int64_t> closest, widest;
    if (shot.scale && shot.scale->closest != film::ShotScale::Unknown) {
      closest = static_cast<int64_t>(shot.scale->closest);
      widest = static_cast<int64_t>(shot.scale->widest);
    }
    std::optional<std::string> tin, tout, angle;
    if (shot.transition_in) tin = film::word(*shot.transition_in);
    if (shot.transition_out) tout = film::word(*shot.transition_out);
    if (shot.camera_angle) angle = film::word(*shot.camera_angle);
    std::optional<double> dutch_abs;
    if (shot.dutch_deg) dutch_abs = std::abs(*shot.dutch_deg);
    shot_st.reset();
    shot_st
        .bind_row(id, shot.index, shot.start_frame, shot.end_frame, shot.start_s, shot.end_s, shot.length_s,
                  tin, tout, labels_of(shot), handheld_of(shot), spin_of(shot), shot.dutch_deg, dutch_abs,
                  shot.dutch, angle, film::word(shot.scale), closest, widest, shot.key_frame, first_still[k])
        .run();
    const int64_t shot_id = db.last_insert_rowid();
    for (const auto& m : shot.movements) {
      move_st.reset();
      move_st
          .bind_row(shot_id, m.start_frame, m.end_frame, m.start_s, m.end_s, film::word(m.label),
                    film::word(film::kind_of(m.label)), m.rate,
                    m.rate_unit == film::RateUnit::None ? std::string() : film::word(m.rate_unit), m.total,
                    m.handheld, m.whip, m.shake, m.confidence)
          .run();
    }
  }
  {
    auto st = db.prepare(
        "INSERT INTO transitions (film_id, type, start_frame, end_frame, confidence) VALUES (?, ?, ?, ?, ?)");
    for (const auto& t : film.transitions) {
      st.reset();
      st.bind(1, id)
          .bind(2, film::word(t.type))
          .bind(3, t.start_frame)
          .bind(4, t.end_frame)
          .bind(5, t.confidence)
          .run();
    }
  }
  {
    auto st = db.prepare(
        "INSERT INTO stills (film_id, shot_idx, frame, time_s, score, reason, path, width, height) VALUES "
        "(?, ?, ?, "
        "?, ?, ?, ?, ?, ?)");
    for (const auto& still : film.stills) {
      st.reset();
      st.bind(1, id)
          .bind(2, still.shot)
          .bind(3, still.frame)
          .bind(4, still.time_s)
          .bind(5, still.score)
          .bind(6, still.reason)
          .bind(7, absolute_still(still, facts))
          .bind(8, still.width)
          .bind(9, still.height)
          .run();
    }
  }
  tx.commit();
  return id;
}

bool Catalog::is_current(const FileFacts& facts, const json& settings, std::string_view version) const {
  auto st =
      m_db->prepare("SELECT size_bytes, mtime_ns, version, params, analysis_path FROM films WHERE path = ?");
  st.bind(1, facts.video.string());
  if (!st.step()) return false;
  std::error_code ec;
  const bool analysis_there = facts.analysis.empty() || (st.text(4) == facts.analysis.string() &&
                                                         fs::is_regular_file(facts.analysis, ec));
  return analysis_there && st.integer(0) == facts.size_bytes && st.integer(1) == facts.mtime_ns &&
         st.text(2) == version && json::parse(st.text(3), nullptr, false) == settings;
}

std::vector<FilmRecord> Catalog::list() const {
  auto st = m_db->prepare(std::string("SELECT ") + kRecordColumns + " FROM films ORDER BY lower(title), id");
  std::vector<FilmRecord> out;
  while (st.step()) out.push_back(record_from(st));
  for (auto& r : out) r.tags = tags_of(*m_db, r.id);
  return out;
}

std::optional<FilmRecord> Catalog::record_where(std::string_view column, const sql::Value& value) const {
  auto st = m_db->prepare(std::string("SELECT ") + kRecordColumns + " FROM films WHERE " +
                          std::string(column) + " = ?");
  st.bind(1, value);
  if (!st.step()) return std::nullopt;
  FilmRecord r = record_from(st);
  r.tags = tags_of(*m_db, r.id);
  return r;
}

std::optional<FilmRecord> Catalog::by_id(int64_t id) const {
  return record_where("id", id);
}

std::optional<FilmRecord> Catalog::by_path(const fs::path& video) const {
  return record_where("path", fs::weakly_canonical(fs::absolute(video)).string());
}

FilmRecord Catalog::find(std::string_view name) const {
  const std::string text(name);
  if (text.empty())
    throw Error("film", "name a film by its catalog id, its path or part of its title", Error::Kind::Usage);
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) && text.size() < 18)
    if (auto r = by_id(std::stoll(text))) return *r;
  if (auto r = by_path(text)) return *r;
  if (auto r = record_where("path", text)) return *r;  // the path as recorded, where it no longer resolves
  auto st =
      m_db->prepare("SELECT id, title FROM films WHERE instr(lower(title), ?) > 0 ORDER BY lower(title), id");
  st.bind(1, lower(text));
  std::vector<std::pair<int64_t, std::string>> found;
  while (st.step()) found.emplace_back(st.integer(0), st.text(1));
  // An exact title wins over the titles that merely contain it ("Cuba" vs "I Am Cuba").
  std::vector<std::pair<int64_t, std::string>> exact;
  for (const auto& f : found)
    if (lower(f.second) == lower(text)) exact.push_back(f);
  if (exact.size() == 1) return *by_id(exact.front().first);
  if (found.size() == 1) return *by_id(found.front().first);
  if (found.empty())
    throw Error(text, "no film in the catalog has this id, path or title (`cranes catalog list` shows them)",
                Error::Kind::Usage);
  std::string names;
  for (size_t i = 0; i < found.size() && i < 5; ++i)
    names += (i ? ", " : "") + found[i].second + " (" + std::to_string(found[i].first) + ")";
  if (found.size() > 5) names += ", ...";
  throw Error(
      text,
      "names " + std::to_string(found.size()) + " films: " + names + "; give the id or more of the title",
      Error::Kind::Usage);
}

void Catalog::edit(int64_t id, const FilmEdit& edit) {
  sql::Transaction tx(*m_db);
  std::string user_set;
  {
    auto st = m_db->prepare("SELECT user_set FROM films WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) throw Error(std::to_string(id), "no such film in the catalog", Error::Kind::Usage);
    user_set = st.text(0);
  }
  auto mark = [&](const char* field) {
    if (!has_word(user_set, field)) user_set += (user_set.empty() ? "" : ",") + std::string(field);
  };
  auto set_text = [&](const char* field, const std::optional<std::string>& v) {
    if (!v) return;
    auto st = m_db->prepare(std::string("UPDATE films SET ") + field + " = ? WHERE id = ?");
    st.bind(1, *v).bind(2, id).run();
    mark(field);
  };
  set_text("title", edit.title);
  set_text("director", edit.director);
  set_text("country", edit.country);
  if (edit.year) {
    auto st = m_db->prepare("UPDATE films SET year = ? WHERE id = ?");
    st.bind(1, *edit.year).bind(2, id).run();
    mark("year");
  }
  {
    auto st = m_db->prepare("UPDATE films SET user_set = ? WHERE id = ?");
    st.bind(1, user_set).bind(2, id).run();
  }
  for (const auto& tag : edit.add_tags) {
    auto st = m_db->prepare("INSERT OR IGNORE INTO tags (film_id, tag) VALUES (?, ?)");
    st.bind(1, id).bind(2, tag).run();
  }
  for (const auto& tag : edit.remove_tags) {
    auto st = m_db->prepare("DELETE FROM tags WHERE film_id = ? AND tag = ?");
    st.bind(1, id).bind(2, tag).run();
  }
  tx.commit();
}

void Catalog::remove(int64_t id) {
  sql::Transaction tx(*m_db);
  auto st = m_db->prepare("DELETE FROM films WHERE id = ?");
  st.bind(1, id).run();
  if (m_db->changes() == 0)
    throw Error(std::to_string(id), "no such film in the catalog", Error::Kind::Usage);
  tx.commit();
}

json Catalog::document(int64_t id) const {
  auto st = m_db->prepare("SELECT document FROM films WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) throw Error(std::to_string(id), "no such film in the catalog", Error::Kind::Usage);
  json j = json::parse(st.text(0), nullptr, false);
  if (j.is_discarded())
    throw Error(m_path.string(), "film " + std::to_string(id) + "'s analysis is damaged", Error::Kind::Db);
  return j;
}

CheckReport Catalog::check() const {
  CheckReport r;
  {
    auto st = m_db->prepare("PRAGMA integrity_check");
    while (st.step()) r.integrity.push_back(st.text(0));
  }
  {
    auto st = m_db->prepare("PRAGMA foreign_key_check");
    while (st.step()) ++r.foreign_key_problems;
  }
  for (auto& film : list()) {
    const auto st = regular_file_stat(film.path);
    if (!st) {
      r.files.push_back({film, "missing"});
      continue;
    }
    if (st->size_bytes == film.size_bytes && st->mtime_ns == film.mtime_ns) continue;
    // Touched, or really changed: the content decides.
    std::string hash;
    try {
      hash = media::sample_hash(film.path);
    } catch (const Error&) {
      r.files.push_back({film, "unreadable"});
      continue;
    }
    if (st->size_bytes != film.size_bytes || hash != film.content_hash) r.files.push_back({film, "changed"});
  }
  return r;
}

void Catalog::vacuum() {
  m_db->exec("VACUUM");
  m_db->exec("PRAGMA optimize");
}

int64_t import_analysis(Catalog& catalog, const fs::path& path) {
  const json j = film::read_film_document(path);
  const film::Film film = film::film_from_json(j, path.string());
  const std::string version = j.is_object() && j.contains("generator") && j["generator"].is_string()
                                  ? j["generator"].get<std::string>()
                                  : std::string();
  const fs::path recorded = film.source.path;
  if (recorded.empty())
    throw Error(path.string(), "the analysis names no film (source.path is empty)", Error::Kind::Format);
  // A relative path was relative to where the analysis ran: try there, beside the analysis, then the file's
  // name beside the analysis (a folder moved whole). The first that exists is the film.
  const fs::path beside = fs::absolute(path).parent_path();
  fs::path video = fs::absolute(recorded);
  std::error_code ec;
  for (const fs::path& c : {fs::absolute(recorded), beside / recorded, beside / recorded.filename()})
    if (fs::is_regular_file(c, ec)) {
      video = c;
      break;
    }
  return catalog.add(film, file_facts(video, path), version);
}

}  // namespace cranes::catalog
