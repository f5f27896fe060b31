// MosquittoProcess: starts a real Mosquitto broker on a free loopback port for tests, with its
// own config and persistence directory, and stops it by PID. Anonymous access is enabled
// for these throwaway brokers only.
// Thread-safety: use from one test thread.
#pragma once

#include <sys/types.h>

#include <string>

namespace edge::testing {

// Returns a TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

class MosquittoProcess {
  public:
    MosquittoProcess();
    ~MosquittoProcess();
    MosquittoProcess(const MosquittoProcess&) = delete;
    MosquittoProcess& operator=(const MosquittoProcess&) = delete;

    // Starts the broker and waits until it accepts connections; false if it did not.
    bool start();
    // The same with `config` (listeners and access control, e.g. what `edge-hub init` writes)
    // in place of the anonymous listener; persistence and logging are added here.
    bool start_with_config(const std::string& config);
    // SIGKILL (crash) or SIGTERM, then waits for the process to exit.
    void stop(bool crash = false);
    // SIGHUP: the broker reloads its settings and its TLS listeners' certificates and CRLs.
    void reload();

    int port() const { return port_; }
    std::string url() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }
    bool available() const;  // false when the mosquitto binary is not installed
    const std::string& dir() const { return dir_; }  // private, removed with the broker

  private:
    std::string dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace edge::testing
