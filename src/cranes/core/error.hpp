// SPDX-License-Identifier: MIT
// The one exception type of cranes: a message that names its subject (a file, an option) and the cause in one
// line, so `main` can print `cranes: error: SUBJECT: cause` and exit 1 (2 for usage errors).
#pragma once

#include <stdexcept>
#include <string>

namespace cranes {

class Error : public std::runtime_error {
 public:
  enum class Kind { Io, Decode, Encode, Format, Usage, Db };

  /// `subject` is what the error is about (usually a file path); `cause` says what went wrong, in words.
  Error(std::string subject, std::string cause, Kind kind = Kind::Io)
      : std::runtime_error(subject.empty() ? cause : subject + ": " + cause),
        m_subject(std::move(subject)),
        m_cause(std::move(cause)),
        m_kind(kind) {}

  const std::string& subject() const noexcept { return m_subject; }
  const std::string& cause() const noexcept { return m_cause; }
  Kind kind() const noexcept { return m_kind; }

 private:
  std::string m_subject;
  std::string m_cause;
  Kind m_kind;
};

}  // namespace cranes
