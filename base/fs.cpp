// fs.cpp — see fs.h.
#include "base/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zhidui::fs {

std::string parent_dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status fsync_dir(const std::string& dir, const std::string& error_code) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return make_error(error_code, "cannot open the folder " + dir + ": " + std::strerror(errno));
  const int synced = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (synced != 0) return make_error(error_code, "cannot flush the folder " + dir + ": " + std::strerror(err));
  return Ok{};
}

Status fsync_parent_dir(const std::string& path, const std::string& error_code) {
  return fsync_dir(parent_dir_of(path), error_code);
}

Status replace_file_atomically(const std::string& path, std::string_view text, mode_t mode,
                               const std::string& error_code) {
  auto io_error = [&](const std::string& what, const std::string& file) {
    return make_error(error_code, what + " " + file + ": " + std::strerror(errno));
  };
  const std::string dir = parent_dir_of(path);
  const auto slash = path.rfind('/');
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = dir + "/." + base + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return io_error("cannot create a temporary file next to", path);
  auto fail = [&](const std::string& what) {
    Error e = io_error(what, temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return e;
  };
  if (::fchmod(fd, mode) != 0) return fail("cannot set the mode of");
  struct stat old {};
  if (::stat(path.c_str(), &old) == 0 && ::fchown(fd, -1, old.st_gid) != 0 && errno != EPERM)
    return fail("cannot set the group of");
  for (size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("cannot write");
    done += size_t(n);
  }
  if (::fsync(fd) != 0) return fail("cannot flush");
  if (::close(fd) != 0) {
    Error e = io_error("cannot close", temp);
    ::unlink(temp.c_str());
    return e;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Error e = io_error("cannot rename over", path);
    ::unlink(temp.c_str());
    return e;
  }
  // The rename lives in the folder: flush it too, or a power cut may bring the old name back.
  return fsync_dir(dir, error_code);
}

}  // namespace zhidui::fs
