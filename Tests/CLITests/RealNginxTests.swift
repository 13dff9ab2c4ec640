import Foundation
import Testing

/// Where nginx is installed (Debian: /usr/sbin/nginx); `.ci/run` installs it.
let nginxBinary = ["/usr/sbin/nginx", "/usr/bin/nginx"].first {
  FileManager.default.isExecutableFile(atPath: $0)
}

/// Counts a log the way an independent tool would: Python's `re` over nginx's combined format.
let independentParser = #"""
  import json, re, sys
  line_re = re.compile(r'^(\S+) - (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+) "([^"]*)" "([^"]*)" (\S+)$')
  statuses, me, me_times, login, enroll, approve, total, server = {}, [0, 0], [], [0, 0], [0, 0, 0, 0], [0, 0], 0, 0
  for raw in open(sys.argv[1], encoding="utf-8", errors="replace"):
      m = line_re.match(raw.rstrip("\n"))
      if not m:
          continue
      request, status, rt = m.group(4), int(m.group(5)), m.group(9)
      statuses[str(status)] = statuses.get(str(status), 0) + 1
      total += 1
      server += 500 <= status <= 599
      parts = request.split(" ")
      method, path = (parts[0], parts[1].split("?")[0]) if len(parts) >= 2 else (None, None)
      if (method, path) == ("GET", "/auth/cookie/me"):
          me[0] += 1; me[1] += 200 <= status <= 299
          if rt != "-": me_times.append(round(float(rt) * 1000))
      if (method, path) == ("POST", "/auth/v2/login"):
          login[0] += 1; login[1] += 200 <= status <= 299
      if (method, path) == ("POST", "/enrollments"):
          enroll[0] += 1; enroll[1] += status == 201; enroll[2] += status == 409; enroll[3] += status == 422
      if method == "PATCH" and path and re.fullmatch(r"/admin/enrollments/[^/]+/approve", path):
          approve[0] += 1; approve[1] += 200 <= status <= 299
  me_times.sort()
  p95 = me_times[max(0, -(-95 * len(me_times) // 100) - 1)] if me_times else None
  print(json.dumps({"status_counts": statuses, "me": me, "p95": p95, "login": login, "enroll": enroll,
                    "approve": approve, "total": total, "server": server}))
  """#

@Suite(.enabled(if: nginxBinary != nil, "nginx is not installed (apt-get install -y nginx)"))
struct RealNginxTests {
  @Test func countsMatchAnIndependentParserOnALogWrittenByNginx() throws {
    let sandbox = try Sandbox()
    let root = sandbox.directory.path
    let port = 20_000 + Int(ProcessInfo.processInfo.processIdentifier % 20_000)
    try FileManager.default.createDirectory(
      atPath: root + "/tmp", withIntermediateDirectories: true)
    let config = """
      daemon off;
      master_process off;
      pid \(root)/nginx.pid;
      error_log \(root)/error.log;
      events { worker_connections 64; }
      http {
        log_format timed '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
        access_log \(root)/access.log timed;
        client_body_temp_path \(root)/tmp/body;
        proxy_temp_path \(root)/tmp/proxy;
        fastcgi_temp_path \(root)/tmp/fastcgi;
        uwsgi_temp_path \(root)/tmp/uwsgi;
        scgi_temp_path \(root)/tmp/scgi;
        server {
          listen 127.0.0.1:\(port);
          location = /auth/cookie/me { if ($arg_fail) { return 500; } return 200 "{}"; }
          location = /auth/cookie/me/extra { return 200; }
          location = /auth/v2/login { if ($arg_bad) { return 401; } return 200; }
          location = /enrollments { if ($arg_dup) { return 409; } if ($arg_invalid) { return 422; } return 201; }
          location ~ ^/admin/enrollments/[0-9]+/approve$ { if ($arg_locked) { return 409; } return 200; }
          location /admin/enrollments { return 200; }
          location / { return 404; }
        }
      }
      """
    try config.write(toFile: root + "/nginx.conf", atomically: true, encoding: .utf8)
    let server = Process()
    server.executableURL = URL(fileURLWithPath: nginxBinary ?? "/usr/sbin/nginx")
    server.arguments = ["-p", root, "-c", root + "/nginx.conf"]
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer {
      // SIGKILL: a child of a test runner may inherit a blocked SIGTERM; the log is unbuffered.
      kill(server.processIdentifier, SIGKILL)
      server.waitUntilExit()
      withExtendedLifetime(sandbox) {}
    }

    let started = Date()
    sandbox.environment["P0WATCH_NOW"] = ISO8601DateFormatter().string(
      from: started.addingTimeInterval(-1_800))
    #expect(try sandbox.run("window", "start").status == 0)
    let requests = [
      "GET /auth/cookie/me", "GET /auth/cookie/me", "GET /auth/cookie/me?fail=1",
      "GET /auth/cookie/me?x=1",
      "GET /auth/cookie/me/extra", "POST /auth/v2/login", "POST /auth/v2/login?bad=1",
      "POST /enrollments",
      "POST /enrollments", "POST /enrollments?dup=1", "POST /enrollments?invalid=1",
      "GET /admin/enrollments?status=pending", "PATCH /admin/enrollments/42/approve",
      "PATCH /admin/enrollments/43/approve?locked=1", "GET /nowhere",
    ]
    let script = """
      for attempt in $(seq 1 50); do curl -s -o /dev/null http://127.0.0.1:\(port)/ && break; sleep 0.1; done
      for round in 1 2 3; do
      \(requests.map { request in
        let parts = request.split(separator: " ")
        return "curl -s -o /dev/null -X \(parts[0]) -A 'Agent \"quoted\" 1.0' 'http://127.0.0.1:\(port)\(parts[1])'"
      }.joined(separator: "\n"))
      done
      printf 'garbage\\r\\n\\r\\n' | curl -s -o /dev/null telnet://127.0.0.1:\(port) --max-time 1 || true
      """
    let client = try sandbox.external(["bash", "-c", script])
    #expect(client.status == 0, "\(client.stderr)")
    Thread.sleep(forTimeInterval: 0.3)
    let log = root + "/access.log"
    let written = try String(contentsOfFile: log, encoding: .utf8)
    #expect(written.contains("\\x22quoted\\x22"))

    sandbox.environment["P0WATCH_NOW"] = ISO8601DateFormatter().string(
      from: Date().addingTimeInterval(60))
    let ours = try sandbox.run("ingest", "nginx", log, "--json").object()
    let independent = try sandbox.external(["python3", "-c", independentParser, log])
    #expect(independent.status == 0, "\(independent.stderr)")
    let theirs = try #require(
      try JSONSerialization.jsonObject(with: Data(independent.stdout.utf8)) as? [String: Any])

    #expect(ours["status_counts"] as? [String: Int] == theirs["status_counts"] as? [String: Int])
    #expect(ours["malformed"] as? Int == 0)
    let metrics = Dictionary(
      uniqueKeysWithValues: try #require(ours["metrics"] as? [[String: Any]]).map {
        ($0["id"] as? String ?? "", $0)
      })
    func pair(_ key: String) -> [Int] { theirs[key] as? [Int] ?? [] }
    #expect(metrics["me_success_rate"]?["requests"] as? Int == pair("me")[0])
    #expect(metrics["me_success_rate"]?["hits"] as? Int == pair("me")[1])
    #expect(metrics["login_success_rate"]?["requests"] as? Int == pair("login")[0])
    #expect(metrics["login_success_rate"]?["hits"] as? Int == pair("login")[1])
    #expect(metrics["enrollment_created_rate"]?["hits"] as? Int == pair("enroll")[1])
    #expect(metrics["enrollment_conflict_rate"]?["hits"] as? Int == pair("enroll")[2])
    #expect(metrics["validation_error_rate"]?["hits"] as? Int == pair("enroll")[3])
    #expect(metrics["enrollment_created_rate"]?["requests"] as? Int == pair("enroll")[0])
    #expect(metrics["admin_approval_success_rate"]?["requests"] as? Int == pair("approve")[0])
    #expect(metrics["admin_approval_success_rate"]?["hits"] as? Int == pair("approve")[1])
    #expect(metrics["server_error_rate"]?["requests"] as? Int == theirs["total"] as? Int)
    #expect(metrics["server_error_rate"]?["hits"] as? Int == theirs["server"] as? Int)
    // Four /me requests a round, query strings included.
    #expect(metrics["me_success_rate"]?["requests"] as? Int == 12)
    // nginx times have millisecond resolution; sub-millisecond times count as 0 ms.
    let p95 = try #require(metrics["me_response_time_ms"]?["window_value"] as? Double)
    let exact = try #require(theirs["p95"] as? Int)
    #expect(abs(p95 - Double(exact)) <= Double(exact) * 0.01)
  }
}
