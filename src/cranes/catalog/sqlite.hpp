// SPDX-License-Identifier: MIT
// A thin RAII layer over SQLite's C API: a connection, prepared statements with bound values, and a
// transaction that rolls back unless committed. Every failure is a cranes::Error (Db) naming the database
// file and SQLite's own message; values reach SQL only through bindings, never through the SQL text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace cranes::catalog::sql {

/// A value to bind: NULL, an integer, a real or a text.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

class Database;

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  /// Binds parameter `index` (1-based, as SQLite counts).
  Statement& bind(int index, const Value& value);
  Statement& bind(int index, std::nullptr_t) { return bind(index, Value(nullptr)); }
  Statement& bind(int index, int64_t v) { return bind(index, Value(v)); }
  Statement& bind(int index, int v) { return bind(index, Value(static_cast<int64_t>(v))); }
  Statement& bind(int index, bool v) { return bind(index, Value(static_cast<int64_t>(v))); }
  Statement& bind(int index, double v) { return bind(index, Value(v)); }
  Statement& bind(int index, std::string_view v) { return bind(index, Value(std::string(v))); }
  Statement& bind(int index, const char* v) { return bind(index, Value(std::string(v))); }
  Statement& bind(int index, const std::string& v) { return bind(index, Value(v)); }
  template <class T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind(index, nullptr);
  }
  /// Binds every value in order, from parameter 1.
  Statement& bind_all(const std::vector<Value>& values);
  /// Binds the arguments to parameters 1, 2, ... in order.
  template <class... T>
  Statement& bind_row(const T&... values) {
    int index = 1;
    (bind(index++, values), ...);
    return *this;
  }

  /// Runs to the next row: true while there is one, false when done.
  bool step();
  /// Runs a statement that returns no rows.
  void run();
  /// Ready to run again, bindings cleared.
  void reset();

  int columns() const;
  bool is_null(int column) const;
  int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<int64_t> optional_integer(int column) const;
  std::optional<double> optional_real(int column) const;

 private:
  friend class Database;
  Statement(Database& db, sqlite3_stmt* stmt) : m_db(&db), m_stmt(stmt) {}
  Database* m_db;
  sqlite3_stmt* m_stmt;
};

class Database {
 public:
  enum class Mode { ReadWrite, ReadOnly };
  /// Opens (and with ReadWrite, creates) the database at `path`. Throws cranes::Error (Db) naming it.
  Database(const std::filesystem::path& path, Mode mode);
  Database(Database&&) = delete;
  Database(const Database&) = delete;
  ~Database();

  void exec(std::string_view sql);
  /// As exec, but a catalog busy with another process's write is waited for (up to the busy timeout) even
  /// where SQLite does not wait by itself (switching the journal mode of a new file).
  void exec_waiting(std::string_view sql);
  Statement prepare(std::string_view sql);
  int64_t last_insert_rowid() const;
  int changes() const;
  const std::filesystem::path& path() const { return m_path; }
  sqlite3* handle() const { return m_db; }
  /// Throws the error SQLite reports for the last call, naming the database; `what` says what was done.
  [[noreturn]] void fail(std::string_view what) const;

 private:
  std::filesystem::path m_path;
  sqlite3* m_db = nullptr;
};

/// BEGIN IMMEDIATE (the write lock at once, so two writers wait for each other rather than deadlock) ...
/// COMMIT; rolls back when destroyed uncommitted.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& m_db;
  bool m_done = false;
};

}  // namespace cranes::catalog::sql
