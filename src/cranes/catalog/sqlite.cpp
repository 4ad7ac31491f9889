// SPDX-License-Identifier: MIT
#include "cranes/catalog/sqlite.hpp"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "cranes/core/error.hpp"

namespace cranes::catalog::sql {

namespace {
// A second writer waits this long for the first to commit before giving up with "database is locked".
constexpr int kBusyTimeoutMs = 30000;
}  // namespace

Database::Database(const std::filesystem::path& path, Mode mode) : m_path(path) {
  const int flags =
      (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string cause = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    sqlite3_close(m_db);
    m_db = nullptr;
    throw Error(path.string(), "cannot open the catalog: " + cause, Error::Kind::Db);
  }
  sqlite3_extended_result_codes(m_db, 1);
  sqlite3_busy_timeout(m_db, kBusyTimeoutMs);
}

Database::~Database() {
  sqlite3_close_v2(m_db);
}

void Database::fail(std::string_view what) const {
  std::string cause = sqlite3_errmsg(m_db);
  const int code = sqlite3_errcode(m_db) & 0xff;
  if (code == SQLITE_NOTADB) cause = "not an SQLite database (it is left as it is)";
  if (code == SQLITE_CORRUPT) cause = "the catalog is damaged (" + cause + "); it is left as it is";
  if (code == SQLITE_BUSY) cause = "the catalog is locked by another process (" + cause + ")";
  if (code == SQLITE_FULL) cause = "the disk is full";
  if (code == SQLITE_READONLY) cause = "the catalog is read-only (" + cause + ")";
  throw Error(m_path.string(), what.empty() ? cause : std::string(what) + ": " + cause, Error::Kind::Db);
}

void Database::exec(std::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("");
}

void Database::exec_waiting(std::string_view sql) {
  const std::string text(sql);
  for (int waited_ms = 0;; waited_ms += 20) {
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr) & 0xff;
    if (rc == SQLITE_OK) return;
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited_ms >= kBusyTimeoutMs) fail("");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Statement Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK)
    fail("");
  return Statement(*this, stmt);
}

int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const {
  return sqlite3_changes(m_db);
}

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) {
  other.m_stmt = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_db = other.m_db;
    m_stmt = other.m_stmt;
    other.m_stmt = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, const Value& value) {
  int rc = SQLITE_OK;
  if (std::holds_alternative<std::nullptr_t>(value))
    rc = sqlite3_bind_null(m_stmt, index);
  else if (const auto* i = std::get_if<int64_t>(&value))
    rc = sqlite3_bind_int64(m_stmt, index, *i);
  else if (const auto* d = std::get_if<double>(&value))
    rc = sqlite3_bind_double(m_stmt, index, *d);
  else {
    const auto& s = std::get<std::string>(value);
    rc = sqlite3_bind_text64(m_stmt, index, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  if (rc != SQLITE_OK) m_db->fail("binding a value");
  return *this;
}

Statement& Statement::bind_all(const std::vector<Value>& values) {
  for (size_t i = 0; i < values.size(); ++i) bind(static_cast<int>(i + 1), values[i]);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  m_db->fail("");
}

void Statement::run() {
  while (step()) {
  }
  sqlite3_reset(m_stmt);
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

int Statement::columns() const {
  return sqlite3_column_count(m_stmt);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(m_stmt, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::optional<int64_t> Statement::optional_integer(int column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

std::optional<double> Statement::optional_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

Transaction::Transaction(Database& db) : m_db(db) {
  m_db.exec_waiting("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!m_done) sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  m_db.exec("COMMIT");
  m_done = true;
}

}  // namespace cranes::catalog::sql
