"""Independent fake of Atlassian Cloud sites, the api.atlassian.com gateway and
Data Center hosts, written from docs/atlassian/ only.

A "world" is a dict (see run.py) describing accounts, tokens, the site's
behaviour variants, the gateway's and the DC host's. start_world() starts one
ThreadingHTTPServer per role on loopback and returns their ports.
"""
import base64
import gzip
import json
import random
import re
import threading
import time
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs, quote, unquote

ALPH = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def atat_token(rng):
    """docs/atlassian/cloud.md#token-crc32: ATATT3xFfGF0 + 171 chars + '=' + CRC32 (upper hex) of the 184 before."""
    body = "ATATT3xFfGF0" + "".join(rng.choice(ALPH) for _ in range(171)) + "="
    return body + "%08X" % (zlib.crc32(body.encode()) & 0xFFFFFFFF)


def dc_pat(rng):
    raw = ("%012d" % rng.randrange(10**11, 10**12)).encode() + b":" + bytes(rng.randrange(256) for _ in range(20))
    return base64.b64encode(raw).decode()


def jwt(rng, scopes, cloud_id):
    def b64(d):
        return base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")
    hdr = b64({"kid": "auth.atlassian.io/" + uuid.UUID(int=rng.getrandbits(128)).hex[:8], "alg": "RS256"})
    pl = b64({"jti": str(uuid.UUID(int=rng.getrandbits(128))), "sub": "712020:" + str(uuid.UUID(int=rng.getrandbits(128))),
              "iss": "https://auth.atlassian.com", "aud": "api.atlassian.com", "exp": int(time.time()) + 3600,
              "scope": " ".join(scopes), "https://api.atlassian.com/system_account_id": "5b0c0d",
              "https://id.atlassian.com/verified": True, "client_id": "aBcD1234"})
    sig = base64.urlsafe_b64encode(bytes(rng.randrange(256) for _ in range(256))).decode().rstrip("=")
    return hdr + "." + pl + "." + sig


TOMCAT_401 = (
    '<!doctype html><html lang="en"><head><title>HTTP Status 401 \u2013 Unauthorized</title>'
    '<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;}'
    ' h1 {font-size:22px;} .line {height:1px;background-color:#525D76;border:none;}</style></head><body>'
    '<h1>HTTP Status 401 \u2013 Unauthorized</h1><hr class="line" /><p><b>Type</b> Status Report</p>'
    '{msg}<p><b>Description</b> The request has not been applied to the target resource because it lacks valid '
    'authentication credentials for that resource.</p><hr class="line" />{footer}</body></html>'
)

def tomcat(msg, footer):
    return TOMCAT_401.replace("{msg}", msg).replace("{footer}", footer)


EDGE_404 = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Atlassian Cloud Notifications - Page Unavailable</title>'
    '<link rel="stylesheet" href="/_edge/resources/aui-prototyping.css"></head><body><section class="aui-page-panel">'
    '<h1>Page unavailable</h1><p>There\'s nothing here. Check the address or go back.</p></section></body></html>'
)

OLD_JIRA_401 = (
    '<!DOCTYPE html><html><head><title>Unauthorized (401)</title></head><body id="jira" data-version="1001.0.0-SNAPSHOT">'
    '<div class="aui-page-panel"><h1>Unauthorized (401)</h1><div class="aui-message error"><p>Encountered a '
    '&quot;401 - Unauthorized&quot; error while loading this page.</p></div></div></body></html>'
)

PASSWORD_DEPRECATED = ("Basic authentication with passwords is deprecated.  For more information, see: "
                       "https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/\n")

CONNECT_403 = '{"error": "Failed to parse Connect Session Auth Token"}'
CONF_CALLER_403 = ('{"statusCode":403,"message":"com.atlassian.confluence.mvc.rest.common.exception.'
                   'StacklessResponseStatusException: 403 FORBIDDEN \\"Request rejected because caller cannot access Confluence\\""}')
CONF_NOT_PERMITTED = '{"message":"Current user not permitted to use Confluence","statusCode":403}'
IP_BODY = ('{"errorMessages":["The IP address has been rejected because it is not on the allowed list. '
           'See your admin for more information."],"errors":{}}')
REMOVED_410 = ('{"errorMessages":["The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. '
               'A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"],"errors":{}}')
CLIENT_MUST = "Client must be authenticated to access this resource."

# endpoint -> acceptable scopes (any one suffices)
SCOPES = [
    (r"^/rest/api/[23]/myself", ["read:jira-user", "read:me", "read:user:jira"]),
    (r"^/rest/api/[23]/project", ["read:jira-work", "read:project:jira"]),
    (r"^/rest/api/[23]/issue", ["read:jira-work", "read:issue:jira"]),
    (r"^/rest/api/[23]/search", ["read:jira-work", "read:issue:jira"]),
    (r"^/rest/api/[23]/serverInfo", ["read:jira-user", "read:jira-work", "manage:jira-configuration"]),
    (r"^/rest/api/[23]/", ["read:jira-work"]),
    (r"^/rest/agile/", ["read:board-scope:jira-software"]),
    # JSM classic scope (docs/atlassian/cloud.md#scopes lists families; JSM scope name from the scopes page) [inferred]
    (r"^/rest/servicedeskapi/", ["read:servicedesk-request", "manage:servicedesk-customer"]),
    # attachments: classic readonly:content.attachment:confluence (docs/atlassian/cloud.md#scopes), granular read:attachment:confluence
    (r"^(/wiki)?/rest/api/content/\d+/child/attachment", ["readonly:content.attachment:confluence", "read:confluence-content.all",
                                                         "read:attachment:confluence"]),
    (r"^(/wiki)?/api/v2/attachments", ["read:attachment:confluence"]),
    (r"^(/wiki)?/rest/api/space", ["read:confluence-space.summary", "read:space:confluence"]),
    (r"^(/wiki)?/rest/api/content", ["read:confluence-content.summary", "read:confluence-content.all", "read:content:confluence"]),
    (r"^(/wiki)?/rest/api/search", ["search:confluence"]),
    (r"^(/wiki)?/rest/api/user/current", ["read:content-details:confluence", "read:confluence-user"]),
    (r"^(/wiki)?/rest/api/", ["read:confluence-content.all"]),
    (r"^(/wiki)?/api/v2/spaces", ["read:space:confluence"]),
    (r"^(/wiki)?/api/v2/pages", ["read:page:confluence"]),
    (r"^(/wiki)?/api/v2/", ["read:content:confluence"]),
]


def needed_scopes(path):
    for rx, sc in SCOPES:
        if re.match(rx, path):
            return sc
    return ["__none__"]


class Log:
    def __init__(self):
        self.lines = []
        self.lock = threading.Lock()

    def add(self, s):
        with self.lock:
            self.lines.append(s)


def parse_basic(value):
    """Returns (login, secret) or None when undecodable / no colon."""
    try:
        raw = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except Exception:
        return None
    if ":" not in raw:
        return None
    a, b = raw.split(":", 1)
    return a, b


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    world = None
    role = None
    log = None

    def log_message(self, fmt, *args):
        pass

    # ---------- plumbing
    def hname(self, name):
        style = self.world.get("header_case", "canonical")
        if style == "lower":
            return name.lower()
        if style == "upper":
            return name.upper()
        return name

    def send(self, status, body="", ctype="application/json", headers=None):
        """Writes one answer. world["transport"] plays valid-but-unusual HTTP (second batch of blind
        cases): {"roles": [...], "gzip": "always"|"if-asked", "chunked": True, "close": True,
        "http10": True, "no_length": True (HTTP/1.0 body ended by close), "bom": True,
        "arequestid": True, "headers": [(name, value), ...]}."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        data = body.encode("utf-8") if isinstance(body, str) else body
        # fifth batch: slow answers. world["delay"] = {"roles": [...], "seconds": (lo, hi), "path_re": regex}
        # (docs/atlassian/README.md says nothing about latency; a slow edge or a slow tenant_info is an ordinary network condition)
        dl = self.world.get("delay")
        if dl and self.role in dl.get("roles", ("site", "gateway")) and re.search(dl.get("path_re", ""), self.path):
            time.sleep(random.uniform(*dl["seconds"]))
        tr = self.world.get("transport") or {}
        if self.role not in tr.get("roles", ("site", "gateway", "custom", "old", "dc")):
            tr = {}
        if tr.get("bom") and data and ctype and "json" in ctype:
            data = b"\xef\xbb\xbf" + data          # UTF-8 BOM (RFC 8259 s8.1: parsers MAY ignore it)
        enc = None
        gz = tr.get("gzip")
        if gz and data and (gz == "always" or "gzip" in (self.headers.get("Accept-Encoding") or "").lower()):
            data, enc = gzip.compress(data), "gzip"   # RFC 9110 s12.5.3: no Accept-Encoding = any coding acceptable
        elif tr.get("deflate") and data:
            data, enc = zlib.compress(data), "deflate"  # RFC 9110 s8.4.1.2: "deflate" = zlib format
        http10 = tr.get("http10")
        if http10:
            self.protocol_version = "HTTP/1.0"
            self.close_connection = True
        self.send_response(status)
        if ctype:
            self.send_header(self.hname("Content-Type"), ctype)
        chunked = tr.get("chunked") and not http10
        if enc:
            self.send_header(self.hname("Content-Encoding"), enc)
            self.send_header(self.hname("Vary"), "Accept-Encoding")
        if chunked:
            self.send_header(self.hname("Transfer-Encoding"), "chunked")
        elif not ((http10 or tr.get("close")) and tr.get("no_length")):   # RFC 9112 s6.3: close-delimited body
            self.send_header(self.hname("Content-Length"), str(len(data)))
        if tr.get("close"):
            self.send_header(self.hname("Connection"), "close")
            self.close_connection = True
        if tr.get("drop_after"):
            # fifth batch: close the connection after every answer WITHOUT announcing it (RFC 9112 s9.6: a server
            # may close an idle persistent connection at any time; clients retry idempotent requests)
            self.close_connection = True
        srv = self.world.get("server_header", {}).get(self.role)
        if srv:
            self.send_header("Server", srv)
        if self.role in ("site", "gateway", "custom") and self.world.get("trace", True):
            self.send_header(self.hname("ATL-TraceId"), uuid.uuid4().hex)
        if tr.get("arequestid"):
            self.send_header(self.hname("X-Arequestid"), "%dx%dx1" % (random.randrange(100, 1400), random.randrange(10**6, 10**7)))
        for k, v in tr.get("headers", []):
            self.send_header(k, v)
        for k, v in (headers or {}).items():
            for one in (v if isinstance(v, list) else [v]):
                self.send_header(self.hname(k), one)
        self.end_headers()
        if self.command != "HEAD":
            if chunked:
                for i in range(0, len(data), 8192):
                    part = data[i:i + 8192]
                    self.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.wfile.write(data)
        ae = self.headers.get("Accept-Encoding")
        self.log.add("%-7s %-6s %-60s auth=%-28s -> %d%s" % (self.role, self.command, self.path[:int(self.world.get("logw", 60))], self._authdesc, status,
                                                            (" [ae=%s enc=%s]" % (ae, enc)) if (gz or tr.get("deflate")) else ""))

    def do_GET(self):
        self._dispatch()

    def do_HEAD(self):
        self._dispatch()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self._body = self.rfile.read(n) if n else b""
        self._dispatch()

    do_PUT = do_POST
    do_DELETE = do_POST

    def _dispatch(self):
        auth = self.headers.get("Authorization")
        if auth is None:
            self._authdesc = "-"
        else:
            sch = auth.split(" ", 1)[0]
            self._authdesc = sch + ":" + (auth.split(" ", 1)[1][:10] if " " in auth else "")
        try:
            getattr(self, "h_" + self.role)()
        except (BrokenPipeError, ConnectionResetError):
            self.log.add("%-7s %-6s %s: client closed the connection mid-answer" % (self.role, self.command, self.path[:60]))
        except Exception as e:
            import traceback
            self.log.add("FAKE-BUG %s %s: %r" % (self.role, self.path, e))
            traceback.print_exc()
            self.send(500, "fake bug", "text/plain")

    # ---------- Cloud site identity
    def site_identity(self, cfg):
        """-> (kind, account, extra). kinds: anon, user, scoped, password, bad, malformed,
        jwt, bearer_other, captcha, inactive"""
        auth = self.headers.get("Authorization")
        if not auth:
            return "anon", None, None
        scheme, _, val = auth.partition(" ")
        if scheme.lower() == "basic":
            pair = parse_basic(val)
            if pair is None:
                return "malformed", None, None
            login, secret = pair
            acct = None
            for a in self.world["accounts"]:
                if a.get("email") and a["email"].lower() == login.lower():
                    acct = a
            if acct is None:
                return "bad", None, None
            if acct.get("captcha"):
                return "captcha", acct, None
            if not acct.get("active", True):
                return "inactive", acct, None
            if acct.get("password") and secret == acct["password"]:
                return "password", acct, None
            for t in acct.get("tokens", []):
                if t["value"] == secret:
                    if t.get("state", "active") != "active":
                        return "bad", acct, t
                    if t["kind"] == "classic":
                        if t.get("rate_limited"):
                            return "ratelimited", acct, t
                        return "user", acct, t
                    return "scoped", acct, t
            return "bad", acct, None
        if scheme.lower() == "bearer":
            if val.startswith("eyJ") and val.count(".") == 2:
                return "jwt", None, None
            return "bearer_other", None, None
        return "anon", None, None

    def accept_ctype(self):
        acc = self.headers.get("Accept")
        if acc is None:
            return "text/plain"
        if "json" in acc:
            return "application/json"
        return "text/html;charset=UTF-8"

    def h_site(self):
        cfg = self.world["site"]
        self.cloud_site(cfg, self.world["ports"]["site"])

    def cloud_site(self, cfg, port):
        u = urlsplit(self.path)
        path = unquote(u.path)   # fifth batch: route on the decoded path, as a real server does (RFC 3986 s2.1)
        g = cfg.get("global")
        if g and g.get("kind") == "redirect":
            return self.send(g.get("status", 302), "", "text/html", {"Location": g["to"] + self.path})
        dn = cfg.get("down")
        if dn and (dn.get("tenant", False) or path != "/_edge/tenant_info") and re.search(dn.get("path_re", ""), path):
            # sixth batch: a reverse proxy / maintenance page in front of the site answers 502/503 for every caller
            # (docs/atlassian/README.md says nothing about it: an infrastructure answer, not an auth one; same for every credential)
            return self.send(dn.get("status", 503), dn.get("body", "<html><head><title>503 Service Temporarily Unavailable</title></head>"
                             "<body><h1>Scheduled maintenance</h1><p>Acme Jira is down for maintenance.</p></body></html>"),
                             dn.get("ctype", "text/html"), dn.get("headers", {"Retry-After": "120"}))
        if path == "/_edge/tenant_info":
            if cfg.get("tenant_info") == "edge404":
                return self.send(404, EDGE_404, "text/html;charset=UTF-8")
            return self.send(200, '{"cloudId":"%s"}' % self.world["cloud_id"], cfg.get("tenant_ctype", "application/json"))
        if cfg.get("tenant_info") == "edge404":
            return self.send(404, EDGE_404, "text/html;charset=UTF-8")
        ids = cfg.get("identity_status")
        if ids and (path in ("/wiki/rest/api/user/current",) or re.match(r"^/rest/api/(2|3|latest)/myself$", path)):
            # fifth batch: the identity endpoints are unavailable (edge trouble): same answer for every caller
            return self.send(ids, "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
                             "text/plain")
        if g and g.get("kind") == "ip":
            return self.send(g.get("status", 403), IP_BODY, "application/json;charset=UTF-8")
        if g and g.get("kind") == "ratelimit_all":
            return self.rate_limited()
        kind, acct, tok = self.site_identity(cfg)
        if kind == "ratelimited":
            return self.rate_limited()
        self.route_product(cfg, path, u.query, kind, acct, tok, via_gateway=False, port=port)

    def rate_limited(self):
        cfg = self.world["site"]
        hdr = cfg.get("rl_headers", {"Retry-After": "37", "X-RateLimit-Limit": "350", "X-RateLimit-Remaining": "0",
                                      "X-RateLimit-Reset": "2026-10-14T09:31:12Z", "RateLimit-Reason": "jira-burst-based"})
        return self.send(429, cfg.get("rl_body", '{"errorMessages":["Rate limit exceeded."],"errors":{}}'),
                         cfg.get("rl_ctype", "application/json"), hdr)

    # ---------- product routing (site and gateway share it)
    def route_product(self, cfg, path, query, kind, acct, tok, via_gateway, port):
        products = cfg.get("products", ["jira", "confluence"])
        is_conf = path.startswith("/wiki/") or path == "/wiki"
        if via_gateway and self._gw_product == "confluence" and not is_conf:
            is_conf = True  # gateway without /wiki
        product = "confluence" if is_conf else "jira"
        # Pre-routing refusals based on identity
        if kind == "bearer_other":
            if cfg.get("bearer_api") == "anon":
                kind = "anon"
            else:
                return self.send(403, CONNECT_403, "application/json")
        if kind == "captcha":
            login = "http://127.0.0.1:%d/login.jsp" % port
            ch = {"X-Seraph-LoginReason": "AUTHENTICATION_DENIED",
                  "X-Authentication-Denied-Reason": "CAPTCHA_CHALLENGE; login-url=" + login}
            for h in cfg.get("captcha_drop", []):
                ch.pop(h, None)
            return self.send(cfg.get("captcha_status", 403), "<html><body><p>Basic Authentication Failure - Reason : AUTHENTICATION_DENIED</p></body></html>",
                             "text/html;charset=UTF-8", ch)
        if kind == "inactive":
            return self.send(401, OLD_JIRA_401, "text/html;charset=UTF-8",
                             {"X-Seraph-LoginReason": "AUTHENTICATED_FAILED", "X-AREQUESTID": "571x12345x1"})
        if kind == "jwt":
            if product == "confluence":
                return self.send(401, tomcat("", ""), "text/html;charset=utf-8")
            return self.send(401, CLIENT_MUST, self.accept_ctype(), self.www_auth(port))
        if kind == "malformed":
            if product == "confluence":
                return self.send(401, tomcat("", ""), "text/html;charset=utf-8")
            kind = "anon"
        if kind == "password":
            if cfg.get("password", "deprecated") == "deprecated":
                return self.send(401, cfg.get("password_body", PASSWORD_DEPRECATED), "text/plain")
            kind = "anon"
        if kind == "bad":
            bb = cfg.get("bad_basic", "anon")
            if bb == "deprecated":
                return self.send(401, PASSWORD_DEPRECATED, "text/plain")
            kind = "anon"
        if kind == "scoped":
            mode = cfg.get("scoped_" + product, "401" if product == "confluence" else "anon")
            if mode == "401":
                return self.send(401, tomcat("", ""), "text/html;charset=utf-8")
            if mode == "403":
                return self.send(403, cfg.get("scoped_403_body", CONF_CALLER_403), "application/json")
            kind = "anon"
        user = acct if kind == "user" else None
        seraph = {}
        if cfg.get("seraph"):
            seraph = {"X-Seraph-LoginReason": "OK" if user else ("AUTHENTICATED_FAILED" if self.headers.get("Authorization") else "OK")}
            if cfg.get("seraph") == "ok-only" and not user:   # docs/atlassian/cloud.md#x-seraph-loginreason: OK on success (Jit #10); nothing else
                seraph = {}
        if product == "confluence":
            if "confluence" not in products:
                return self.send(404, EDGE_404, "text/html;charset=UTF-8")
            return self.confluence(cfg, path, query, user, seraph, via_gateway, port)
        if "jira" not in products:
            if path.startswith("/rest/api/"):
                return self.send(404, self.null_for_uri(port, path), "application/xml")
            return self.send(404, EDGE_404, "text/html;charset=UTF-8")
        return self.jira(cfg, path, query, user, seraph, via_gateway, port)

    def www_auth(self, port):
        style = self.world["site"].get("www_auth", "oauth-enc")
        site = "http://127.0.0.1:%d" % port
        if style == "oauth-plain":       # realm not percent-encoded
            return {"WWW-Authenticate": 'OAuth realm="%s"' % site}
        if style == "oauth-lower":       # scheme in lower case, unquoted-ish spacing
            return {"WWW-Authenticate": 'oauth realm="%s", oauth_problem="token_rejected"' % quote(site, safe="")}
        if style == "multi":             # two challenges on two header lines
            return {"WWW-Authenticate": ['OAuth realm="%s"' % quote(site, safe=""), 'Basic realm="Atlassian Cloud"']}
        if style == "none":
            return {}
        return {"WWW-Authenticate": 'OAuth realm="%s"' % quote(site, safe="")}

    def null_for_uri(self, port, path):
        if self.world["site"].get("null_json") and self.role != "dc":
            return json.dumps({"statusCode": 404, "message": "null for uri: http://127.0.0.1:%d%s" % (port, path)})
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><status><status-code>404</status-code>'
                '<message>null for uri: http://127.0.0.1:%d%s</message></status>' % (port, path))

    # ---------- Jira
    def jira(self, cfg, path, query, user, seraph, via_gateway, port):
        q = parse_qs(query)
        if user is not None and not user.get("jira", True):
            user = None  # no Jira product access: indistinguishable from anonymous
        hdr = dict(seraph)
        if user and cfg.get("xaccountid", True):
            hdr["X-AACCOUNTID"] = user["account_id"]
        projects = cfg.get("projects", [{"key": "ACME", "id": "10000", "name": "Acme Platform", "public": False},
                                        {"key": "OPS", "id": "10001", "name": "Operations", "public": False}])
        if cfg.get("big_projects"):
            projects = projects + [{"key": "P%05d" % i, "id": str(20000 + i), "public": bool(cfg.get("big_public")),
                                    "name": "Project %05d " % i + "lorem ipsum dolor sit amet " * 4}
                                   for i in range(cfg["big_projects"])]
        visible = projects if user else [p for p in projects if p.get("public")]
        base = "http://127.0.0.1:%d" % port
        m = re.match(r"^/rest/api/(2|3|latest)(/.*)?$", path)
        if self.command not in ("GET", "HEAD"):
            ua = self.headers.get("User-Agent", "")
            if "Mozilla" in ua and self.headers.get("X-Atlassian-Token") != "no-check":
                return self.send(403, "XSRF check failed", "text/plain")
        if path.startswith("/rest/auth/1/session"):
            return self.send(404, {"errorMessages": ["The requested resource could not be found."], "errors": {}})
        if path.startswith("/rest/servicedeskapi/info"):
            # fifth batch: JSM instance info is readable by anyone, the same for every caller [inferred from the
            # JSM REST reference: "This method retrieves information about the Jira Service Management instance"]
            return self.send(200, {"version": "10.3.0", "platformVersion": "1001.0.0", "isLicensedForUse": True,
                                   "_links": {"self": base + "/rest/servicedeskapi/info"}}, headers=hdr)
        if path.startswith("/rest/servicedeskapi/request"):
            # fifth batch: customer requests need a user; anonymous -> the same 401 as /myself [inferred, docs/atlassian/cloud.md#jira-anonymous]
            if user:
                return self.send(200, {"size": 1, "start": 0, "limit": 50, "isLastPage": True,
                                       "values": [{"issueId": "10107", "issueKey": "ITH-4", "requestTypeId": "11",
                                                   "currentStatus": {"status": "Waiting for support"}}]}, headers=hdr)
            return self.send(401, CLIENT_MUST, self.accept_ctype(), dict(hdr, **self.www_auth(port)))
        if re.match(r"^/rest/api/(2|3)/(auditing/record|applicationrole)", path):
            # fifth batch: admin-only endpoint; a logged-in non-admin gets 403, anonymous the usual 401
            # [inferred: docs/atlassian/cloud.md#jira-anonymous only gives the anonymous 401; the 403 text is Jira's standard permission error]
            if user:
                return self.send(403, {"errorMessages": ["You are not authorized to perform this operation. Please contact your Jira administrators."],
                                       "errors": {}}, "application/json;charset=UTF-8", hdr)
            return self.send(401, CLIENT_MUST, self.accept_ctype(), dict(hdr, **self.www_auth(port)))
        if path.startswith("/rest/servicedeskapi/servicedesk"):
            # JSM: anonymous -> same 401 as /myself [inferred; docs/atlassian/cloud.md#jira-anonymous gives only the platform answer]
            if user:
                return self.send(200, {"size": 1, "start": 0, "limit": 50, "isLastPage": True,
                                       "values": [{"id": "1", "projectId": "10002", "projectName": "IT Help", "projectKey": "ITH"}],
                                       "_links": {"base": base}}, headers=hdr)
            return self.send(401, CLIENT_MUST, self.accept_ctype(), dict(hdr, **self.www_auth(port)))
        if path.startswith("/rest/agile/1.0/board"):
            if user:
                return self.send(200, {"maxResults": 50, "startAt": 0, "total": 1, "isLast": True,
                                       "values": [{"id": 1, "name": "ACME board", "type": "scrum"}]}, headers=hdr)
            return self.send(401, CLIENT_MUST, self.accept_ctype(), dict(hdr, **self.www_auth(port)))
        if not m:
            if path.startswith("/rest/"):
                return self.send(404, self.null_for_uri(port, path), "application/xml")
            if path in ("/", ""):
                if cfg.get("root") == "200":
                    return self.send(200, "<!DOCTYPE html><html><head><title>Acme - Jira</title></head><body>start</body></html>",
                                     "text/html;charset=UTF-8", hdr)
                return self.send(302, "", "text/html", {"Location": "/jira/your-work"})
            return self.send(404, "<html><body><h1>Oops, you've found a dead link.</h1></body></html>", "text/html;charset=UTF-8")
        ver, rest = m.group(1), m.group(2) or "/"
        if rest == "/myself":
            if user:
                return self.send(200, {"self": base + "/rest/api/%s/user?accountId=%s" % (ver, user["account_id"]),
                                       "accountId": user["account_id"], "accountType": "atlassian",
                                       "emailAddress": user["email"], "displayName": user["display"], "active": True,
                                       "timeZone": "Europe/Berlin", "locale": "en_US"}, "application/json;charset=UTF-8", hdr)
            style = cfg.get("myself_401", "text")
            if style == "json-errors":
                body, ct = json.dumps({"errorMessages": [CLIENT_MUST], "errors": {}}), "application/json;charset=UTF-8"
            elif style == "json-msg":
                body, ct = json.dumps({"message": CLIENT_MUST, "status-code": 401}), "application/json;charset=UTF-8"
            else:
                body, ct = CLIENT_MUST, self.accept_ctype()
            return self.send(401, body, ct, dict(hdr, **self.www_auth(port)))
        if rest == "/serverInfo":
            return self.send(200, {"baseUrl": base, "displayUrl": base, "version": "1001.0.0-SNAPSHOT",
                                   "versionNumbers": [1001, 0, 0], "deploymentType": "Cloud", "buildNumber": 100283,
                                   "serverTitle": "Jira", "defaultLocale": {"locale": "en_US"}}, headers=hdr)
        if rest.startswith("/project/search"):
            return self.send(200, {"self": base + path, "maxResults": 50, "startAt": 0, "total": len(visible),
                                   "isLast": True, "values": [{"key": p["key"], "id": p["id"], "name": p["name"]} for p in visible]},
                             headers=hdr)
        if rest in ("/project", "/project/"):
            return self.send(200, [{"key": p["key"], "id": p["id"], "name": p["name"]} for p in visible], headers=hdr)
        mi = re.match(r"^/issue/([A-Z]+)-(\d+)$", rest)
        if mi:
            pk = mi.group(1)
            if any(p["key"] == pk for p in visible):
                return self.send(200, {"id": "10042", "key": "%s-%s" % (pk, mi.group(2)), "self": base + path,
                                       "fields": {"summary": "Login page broken", "status": {"name": "To Do"}}}, headers=hdr)
            return self.send(404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}},
                             headers=hdr)
        if rest in ("/search", "/search/"):
            return self.send(410, cfg.get("removed_body", REMOVED_410), "application/json;charset=UTF-8", hdr)
        if rest.startswith("/search/jql"):
            if "jql" in q and q["jql"][0].strip().endswith(("=", " AND", " OR", "(")):
                # fifth batch: a JQL syntax error is a 400 for every caller, logged in or not [inferred; docs/atlassian/cloud.md#jira-anonymous
                # gives the 400 for a missing jql]
                return self.send(400, {"errorMessages": ["Error in the JQL Query: Expecting either a value, list or function but got 'EOF'. "
                                                         "You must surround 'EOF' in quotation marks to use it as a value. (line 1, character %d)"
                                                         % (len(q["jql"][0]) + 1)], "errors": {}}, headers=hdr)
            if "jql" not in q:
                return self.send(400, {"errorMessages": ["Unbounded JQL queries are not allowed here. Please add a search restriction to your query."],
                                       "errors": {}}, headers=hdr)
            issues = [{"id": "10042", "key": p["key"] + "-1"} for p in visible]
            return self.send(200, {"issues": issues, "isLast": True}, headers=hdr)
        if rest == "/field":
            return self.send(200, [{"id": "summary", "name": "Summary", "custom": False}], headers=hdr)
        if ver == "3" or ver == "2":
            return self.send(404, {"type": "about:blank", "title": "Not Found", "status": 404,
                                   "detail": "No endpoint GET /rest/api/%s%s" % (ver, rest), "instance": path},
                             "application/problem+json", hdr)
        return self.send(404, self.null_for_uri(port, path), "application/xml")

    # ---------- Confluence
    def confluence(self, cfg, path, query, user, seraph, via_gateway, port):
        public = cfg.get("conf_public", False)
        hdr = dict(seraph)
        if user is not None and not user.get("confluence", True):
            return self.send(403, CONF_NOT_PERMITTED, "application/json", hdr)
        if user is None and not public:
            body = cfg.get("conf_anon_403_body", CONF_CALLER_403)
            return self.send(403, body, "application/json", hdr)
        sub = path[5:] if path.startswith("/wiki/") else path
        spaces = cfg.get("spaces", [{"key": "ENG", "id": 98305, "name": "Engineering", "public": True},
                                    {"key": "HR", "id": 98306, "name": "People", "public": False}])
        if cfg.get("big_spaces"):
            spaces = spaces + [{"key": "S%05d" % i, "id": 200000 + i, "public": True,
                                "name": "Space %05d " % i + "consectetur adipiscing elit " * 4} for i in range(cfg["big_spaces"])]
        if cfg.get("conf_user_sees_same"):
            vis = [s for s in spaces if s.get("public")]
        else:
            vis = spaces if user else [s for s in spaces if s.get("public")]
        base = "http://127.0.0.1:%d/wiki" % port
        if sub in ("/rest/api/space", "/rest/api/space/"):
            return self.send(200, {"results": [{"id": s["id"], "key": s["key"], "name": s["name"], "type": "global",
                                                "_links": {"webui": "/spaces/" + s["key"]}} for s in vis],
                                   "start": 0, "limit": 25, "size": len(vis), "_links": {"base": base, "context": "/wiki"}},
                             "application/json", hdr)
        if sub.startswith("/rest/api/space/"):
            key = sub.split("/")[4]
            if any(s["key"] == key for s in vis):
                return self.send(200, {"key": key, "name": key, "type": "global"}, headers=hdr)
            return self.send(404, {"statusCode": 404, "data": {"authorized": False, "valid": True, "errors": [], "successful": False},
                                   "message": "No space with key : %s" % key}, headers=hdr)
        qq = parse_qs(query)
        if sub.startswith("/rest/api/search") and "cql" in qq and qq["cql"][0].strip().endswith(("=", " and", " AND", "~")):
            # fifth batch: a CQL syntax error is a 400 for every caller who can reach Confluence [inferred]
            return self.send(400, {"statusCode": 400, "data": {"authorized": False, "valid": True, "errors": [], "successful": False},
                                   "message": "Could not parse cql : %s" % qq["cql"][0]}, headers=hdr)
        if sub.startswith("/rest/api/audit"):
            # fifth batch: audit records are for admins; a logged-in non-admin gets 403 [inferred]
            if user:
                return self.send(403, {"statusCode": 403, "data": {"authorized": False, "valid": True, "errors": [], "successful": False},
                                       "message": "com.atlassian.confluence.api.service.exceptions.PermissionException: "
                                                  "User is not permitted to view audit records"}, headers=hdr)
            return self.send(403, cfg.get("conf_anon_403_body", CONF_CALLER_403), "application/json", hdr)
        if sub in ("/rest/api/content", "/rest/api/content/") or sub.startswith("/rest/api/search"):
            res = [{"id": str(1000 + s["id"]), "type": "page", "title": s["name"] + " Home"} for s in vis]
            return self.send(200, {"results": res, "start": 0, "limit": 25, "size": len(res)}, headers=hdr)
        ma = re.match(r"^/rest/api/content/(\d+)/child/attachment$", sub)
        if ma:
            if ma.group(1) in [str(1000 + s["id"]) for s in vis]:
                return self.send(200, {"results": [{"id": "att" + ma.group(1), "type": "attachment", "title": "diagram.png",
                                                    "extensions": {"mediaType": "image/png", "fileSize": 48213}}],
                                       "start": 0, "limit": 50, "size": 1}, headers=hdr)
            return self.send(404, {"statusCode": 404, "message": "No content found with id: ContentId{id=%s}" % ma.group(1)}, headers=hdr)
        if sub.startswith("/api/v2/attachments"):
            return self.send(200, {"results": [{"id": "att" + str(1000 + s["id"]), "title": "diagram.png", "mediaType": "image/png"}
                                               for s in vis], "_links": {}}, headers=hdr)
        mc = re.match(r"^/rest/api/content/(\d+)$", sub)
        if mc:
            ids = [str(1000 + s["id"]) for s in vis]
            if mc.group(1) in ids:
                return self.send(200, {"id": mc.group(1), "type": "page", "title": "Home"}, headers=hdr)
            return self.send(404, {"statusCode": 404, "message": "No content found with id: ContentId{id=%s}" % mc.group(1)}, headers=hdr)
        if sub == "/rest/api/user/current":
            if user:
                return self.send(200, {"type": "known", "accountId": user["account_id"], "accountType": "atlassian",
                                       "email": user["email"], "publicName": user["display"], "displayName": user["display"],
                                       "isExternalCollaborator": False, "_links": {"base": base}}, headers=hdr)
            return self.send(200, {"type": "anonymous", "profilePicture": {"path": "/wiki/images/icons/profilepics/anonymous.svg",
                                                                          "width": 48, "height": 48, "isDefault": True},
                                   "displayName": "Anonymous", "_links": {"base": base}}, headers=hdr)
        if sub.startswith("/api/v2/spaces"):
            return self.send(200, {"results": [{"id": str(s["id"]), "key": s["key"], "name": s["name"]} for s in vis],
                                   "_links": {"base": base}}, headers=hdr)
        if sub.startswith("/api/v2/pages"):
            mp = re.match(r"^/api/v2/pages/(\d+)$", sub)
            ids = [str(1000 + s["id"]) for s in vis]
            if mp:
                if mp.group(1) in ids:
                    return self.send(200, {"id": mp.group(1), "status": "current", "title": "Home"}, headers=hdr)
                return self.send(404, {"errors": [{"status": 404, "code": "NOT_FOUND", "title": "Not Found", "detail": None}]}, headers=hdr)
            return self.send(200, {"results": [{"id": i, "title": "Home"} for i in ids], "_links": {}}, headers=hdr)
        if sub.startswith("/rest/") or sub.startswith("/api/"):
            if via_gateway and cfg.get("gw_conf_unknown_401", True):
                return self.send(401, {"code": 401, "message": "Unauthorized"})
            return self.send(404, self.null_for_uri(port, path), "application/xml")
        return self.send(404, "<html><body>Page not found</body></html>", "text/html")

    # ---------- gateway
    def h_gateway(self):
        gw = self.world.get("gateway", {})
        site = self.world["site"]
        u = urlsplit(self.path)
        path = unquote(u.path)
        if gw.get("down_status"):
            # fifth batch: the gateway is in trouble (502/503 for everything)
            return self.send(gw["down_status"], '{"code":%d,"message":"Service Unavailable"}' % gw["down_status"], "application/json")
        g = site.get("global")
        m = re.match(r"^/ex/(jira|confluence)/([0-9a-fA-F-]{36})(/.*)$", path)
        if not m or "//" in path:
            return self.send(404, gw.get("notfound_body", '{"code":404,"message":"Not Found"}'), "application/json")
        prod, cid, rest = m.group(1), m.group(2), m.group(3)
        self._gw_product = prod
        if cid.lower() != self.world["cloud_id"]:
            if gw.get("unknown_cid") == "401":
                return self.send(401, '{"code":401,"message":"Unauthorized"}', "application/json")
            return self.send(404, gw.get("notfound_body", '{"code":404,"message":"Not Found"}'), "application/json")
        if gw.get("ip"):
            return self.send(403, IP_BODY, "application/json")
        if gw.get("ratelimit"):
            return self.send(429, '{"code":429,"message":"Rate limit exceeded"}', "application/json",
                             gw.get("ratelimit_headers", {"X-Failure-Category": "FAILURE_CLIENT_RATE_LIMIT",
                                                          "X-Ratelimit-Limit": "360000", "X-Ratelimit-Remaining": "0"}))
        if prod == "jira" and rest.startswith("/wiki"):
            return self.send(404, '{"code":404,"message":"Not Found"}', "application/json")
        if g and g.get("kind") == "ip":
            return self.send(g.get("status", 403), IP_BODY, "application/json;charset=UTF-8")
        auth = self.headers.get("Authorization")
        unauth_hdr = {}
        if gw.get("auth_mismatch_header", True):
            unauth_hdr["X-Failure-Category"] = "FAILURE_CLIENT_AUTH_MISMATCH"
        unauth = lambda: self.send(401, '{"code":401,"message":"Unauthorized"}', "application/json", unauth_hdr)
        if not auth:
            return self.send(401, '{"code":401,"message":"Unauthorized"}', "application/json",
                             unauth_hdr if gw.get("anon_mismatch_header") else {})
        scheme, _, val = auth.partition(" ")
        acct, scopes, tprod = None, None, prod
        if scheme.lower() == "basic":
            pair = parse_basic(val)
            if pair is None:
                return unauth()
            login, secret = pair
            for a in self.world["accounts"]:
                if a.get("email") and a["email"].lower() == login.lower():
                    acct = a
            if acct is None or not acct.get("active", True):
                return unauth()
            tok = next((t for t in acct.get("tokens", []) if t["value"] == secret), None)
            if tok is None or tok.get("state", "active") != "active":
                return unauth()
            if tok.get("rate_limited"):
                return self.rate_limited()
            if tok["kind"] == "classic":
                mode = gw.get("classic", "works")
                if mode == "404":
                    return self.send(404, '{"code":404,"message":"Not Found"}')
                scopes = None  # unrestricted
            else:
                scopes, tprod = tok.get("scopes", []), tok.get("product", prod)
        elif scheme.lower() == "bearer":
            o = next((o for o in self.world.get("oauth", []) if o["value"] == val), None)
            if o:
                scopes, tprod = o["scopes"], prod
                acct = next(a for a in self.world["accounts"] if a["email"] == o["account"])
            else:
                for a in self.world["accounts"]:
                    for t in a.get("tokens", []):
                        if t["value"] == val and t.get("state", "active") == "active":
                            if t.get("service_bearer"):
                                acct, scopes, tprod = a, t.get("scopes", []), t.get("product", prod)
                            else:
                                # user scoped token as Bearer -> 404 (docs/atlassian/cloud.md#gateway-scheme)
                                return self.send(404, gw.get("notfound_body", '{"code":404,"message":"Not Found"}'))
                if acct is None:
                    return unauth()
        else:
            return unauth()
        need = needed_scopes(rest)
        if scopes is not None and (tprod != prod or not any(s in scopes for s in need)):
            hdr = {}
            if gw.get("scope_header", True):
                hdr["X-Failure-Category"] = "FAILURE_CLIENT_SCOPE_CHECK"
            body = '{"code":401,"message":"Unauthorized; scope does not match"}' if gw.get("scope_body", True) \
                else '{"code":401,"message":"Unauthorized"}'
            return self.send(401, body, "application/json", hdr)
        # authenticated through the gateway
        self.route_product(site, rest, u.query, "user", acct, None, via_gateway=True, port=self.world["ports"]["site"])

    # ---------- fifth batch: an opaque host: no cloudId, no Data Center sign (nginx 404s, bare 401s)
    def h_opaque(self):
        u = urlsplit(self.path)
        nginx = "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>"
        if u.path == "/_edge/tenant_info" or not u.path.startswith(("/rest/", "/wiki/")):
            return self.send(404, nginx, "text/html")
        if "serverInfo" in u.path:
            return self.send(404, nginx, "text/html")
        return self.send(401, '{"message":"Unauthorized"}', "application/json")

    # ---------- custom domain: same tenant, credentials not honoured (AX-649/664)
    def h_custom(self):
        site = self.world["site"]
        u = urlsplit(self.path)
        if u.path == "/_edge/tenant_info":
            return self.send(200, '{"cloudId":"%s"}' % self.world["cloud_id"], "application/json")
        kind, acct, tok = self.site_identity(site)
        if kind in ("user", "scoped", "bad", "password"):
            kind = "anon"
        self.route_product(site, u.path, u.query, kind, acct, tok, via_gateway=False, port=self.world["ports"]["custom"])

    # ---------- old site name (renamed) / http redirect
    def h_old(self):
        to = self.world["old"]["to"].format(**{k.upper(): v for k, v in self.world["ports"].items()})
        return self.send(self.world["old"].get("status", 302), "", "text/html;charset=UTF-8", {"Location": to + self.path})

    # ---------- Data Center
    def h_dc(self):
        dc = self.world["dc"]
        u = urlsplit(self.path)
        path = u.path
        ctx = dc.get("context", "")
        base = "http://127.0.0.1:%d%s" % (self.world["ports"]["dc"], ctx)
        tomcat_footer = "<h3>Apache Tomcat/9.0.82</h3>"
        if path == "/_edge/tenant_info":
            if dc.get("tenant_style") == "html":
                return self.send(404, "<html><head><title>Oops, you've found a dead link. - JIRA</title></head><body>dead link</body></html>",
                                 "text/html;charset=UTF-8")
            return self.send(404, '<!doctype html><html lang="en"><head><title>HTTP Status 404 \u2013 Not Found</title></head>'
                                  '<body><h1>HTTP Status 404 \u2013 Not Found</h1>' + tomcat_footer + '</body></html>', "text/html;charset=utf-8")
        if ctx and path.startswith(ctx + "/"):
            path = path[len(ctx):]
        elif ctx and not dc.get("lenient_root"):
            return self.send(404, '<!doctype html><html lang="en"><head><title>HTTP Status 404 \u2013 Not Found</title></head>'
                                  '<body><h1>HTTP Status 404 \u2013 Not Found</h1>' + tomcat_footer + '</body></html>', "text/html;charset=utf-8")
        # identity
        auth = self.headers.get("Authorization")
        user, kind = None, "anon"
        if auth:
            scheme, _, val = auth.partition(" ")
            if scheme.lower() == "basic":
                if dc.get("basic_disabled"):
                    return self.send(403, '{"message":"Basic Authentication has been disabled on this instance."}', "application/json")
                pair = parse_basic(val)
                kind = "badbasic"
                if pair:
                    for du in dc["users"]:
                        if du["username"].lower() == pair[0].lower():
                            if du.get("captcha"):
                                ch = {"X-Seraph-LoginReason": "AUTHENTICATION_DENIED",
                                      "X-Authentication-Denied-Reason": "CAPTCHA_CHALLENGE; login-url=%s/login.jsp" % base}
                                for h in dc.get("captcha_drop", []):
                                    ch.pop(h, None)
                                if "X-AUSERNAME" not in ch and dc.get("xausername", True):
                                    ch["X-AUSERNAME"] = "anonymous"
                                return self.send(dc.get("captcha_status", 403),
                                                 "<html><body>Basic Authentication Failure - Reason : AUTHENTICATION_DENIED</body></html>",
                                                 "text/html;charset=UTF-8", ch)
                            if pair[1] == du.get("password"):
                                user, kind = du, "user"
            elif scheme.lower() == "bearer":
                kind = "badbearer"
                for du in dc["users"]:
                    if val in du.get("pats", []):
                        user, kind = du, "user"
            else:
                kind = "badbasic"
        if dc.get("soft_fail") and kind in ("badbasic", "badbearer"):
            # sixth batch: the DC host lets a refused credential through as anonymous: X-AUSERNAME: anonymous and
            # X-Seraph-LoginReason: AUTHENTICATED_FAILED (docs/atlassian/data-center.md#x-ausername: X-AUSERNAME holds `anonymous` on DC; AUTHENTICATED_FAILED
            # also seen on 200 answers run as anonymous)
            kind = "softfail"
        uname = user["username"] if user else "anonymous"
        hdr = {"X-AUSERNAME": uname, "X-ASESSIONID": "1ab2cd3"} if dc.get("xausername", True) else {}
        if kind in ("badbasic", "softfail"):
            hdr["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED"
        if dc["product"] == "jira":
            if path == "/rest/api/2/serverInfo":
                return self.send(200, {"baseUrl": base, "version": "9.12.2", "versionNumbers": [9, 12, 2],
                                       "deploymentType": dc.get("deployment", "Server"), "buildNumber": 9120002,
                                       "serverTitle": "Acme Jira"}, "application/json;charset=UTF-8", hdr)
            if kind in ("badbasic", "badbearer"):
                return self.send(401, {"errorMessages": ["You are not authenticated. Authentication required to perform this operation."],
                                       "errors": {}}, "application/json;charset=UTF-8", hdr)
            if path in ("/rest/api/2/myself", "/rest/api/latest/myself"):
                if user:
                    return self.send(200, {"self": base + "/rest/api/2/user?username=" + uname, "key": "JIRAUSER10100",
                                           "name": uname, "emailAddress": user.get("email", uname + "@corp.example"),
                                           "displayName": user.get("display", uname), "active": True}, "application/json;charset=UTF-8", hdr)
                return self.send(401, {"errorMessages": ["You are not authenticated. Authentication required to perform this operation."],
                                       "errors": {}}, "application/json;charset=UTF-8", hdr)
            if path.startswith("/rest/api/2/project"):
                return self.send(200, [{"key": "CORE", "id": "10000", "name": "Core"}] if user else [], "application/json;charset=UTF-8", hdr)
            mi = re.match(r"^/rest/api/2/issue/([A-Z]+-\d+)$", path)
            if mi:
                if user:
                    return self.send(200, {"key": mi.group(1), "fields": {"summary": "x"}}, headers=hdr)
                return self.send(404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}}, headers=hdr)
            return self.send(404, "<html><body>Oops, you've found a dead link.</body></html>", "text/html;charset=UTF-8", hdr)
        # Confluence DC
        if kind in ("badbasic", "badbearer"):
            return self.send(401, tomcat("<p><b>Message</b> Basic Authentication Failure - Reason : AUTHENTICATED_FAILED</p>", tomcat_footer), "text/html;charset=utf-8", hdr)
        if user is None and dc.get("anon_401") and path.startswith("/rest/"):
            return self.send(401, {"statusCode": 401, "message": "This resource requires authentication"}, "application/json", hdr)
        if path == "/rest/api/user/current":
            if user:
                return self.send(200, {"type": "known", "username": uname, "userKey": "8a7f808a", "displayName": user.get("display", uname)},
                                 headers=hdr)
            return self.send(200, {"type": "anonymous", "profilePicture": {"path": ctx + "/images/icons/profilepics/anonymous.svg"},
                                   "displayName": "Anonymous"}, headers=hdr)
        if path.startswith("/rest/api/space") or path.startswith("/rest/api/content"):
            res = [{"key": "DOC", "name": "Docs"}] if user or dc.get("public") else []
            return self.send(200, {"results": res, "start": 0, "limit": 25, "size": len(res)}, headers=hdr)
        if path.startswith("/rest/"):
            return self.send(404, self.null_for_uri(self.world["ports"]["dc"], path), "application/xml", hdr)
        return self.send(404, "<html><body>Page Not Found</body></html>", "text/html", hdr)


class ProxyHandler(BaseHTTPRequestHandler):
    """sixth batch: a small loopback forward proxy (HTTP_PROXY). world["proxy"] = {"mode": "forward"|"refuse"|"407"}."""
    protocol_version = "HTTP/1.1"
    world = None
    log = None

    def log_message(self, fmt, *args):
        pass

    def _answer(self, status, body, headers=None):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _go(self):
        import http.client
        mode = self.world["proxy"].get("mode", "forward")
        self.log.add("proxy   %-6s %s mode=%s" % (self.command, self.path[:70], mode))
        if mode == "refuse":
            return self._answer(403, "<html><body><h1>Access Denied</h1><p>squid: access to this destination is not allowed</p></body></html>",
                                {"Server": "squid/6.6", "X-Squid-Error": "ERR_ACCESS_DENIED 0"})
        if mode == "407":
            return self._answer(407, "<html><body><h1>Proxy Authentication Required</h1></body></html>",
                                {"Proxy-Authenticate": 'Basic realm="corp-proxy"', "Server": "squid/6.6"})
        if self.command == "CONNECT":
            # tunnel (RFC 9110 s9.3.6): 200, then relay bytes both ways until one side closes
            import socket, select
            host, _, port = self.path.rpartition(":")
            up = socket.create_connection((host, int(port)), timeout=30)
            self.send_response(200, "Connection established")
            self.end_headers()
            self.wfile.flush()
            cs = self.connection
            try:
                while True:
                    r, _, _ = select.select([cs, up], [], [], 30)
                    if not r:
                        break
                    done = False
                    for src in r:
                        d = src.recv(65536)
                        if not d:
                            done = True
                            break
                        (up if src is cs else cs).sendall(d)
                    if done:
                        break
            finally:
                up.close()
                self.close_connection = True
            return
        u = urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        hdrs = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "connection", "proxy-authorization")}
        c.request(self.command, (u.path or "/") + ("?" + u.query if u.query else ""), body=body, headers=hdrs)
        r = c.getresponse()
        data = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Via", "1.1 corp-proxy")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        c.close()

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_CONNECT = _go


class QuietServer(ThreadingHTTPServer):
    """Clients may drop a keep-alive connection (or a large body) with a reset: not a fake bug."""
    daemon_threads = True

    def handle_error(self, request, client_address):
        import sys
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def start_world(world):
    """Starts servers for the roles present; fills world['ports']; returns (servers, log)."""
    log = Log()
    roles = ["site", "gateway"]
    for r in ("dc", "custom", "old", "opaque", "proxy"):
        if r in world:
            roles.append(r)
    servers = {}
    for r in roles:
        H = type("H_" + r, (ProxyHandler if r == "proxy" else Handler,), {"world": world, "role": r, "log": log})
        s = QuietServer(("127.0.0.1", 0), H)
        s.daemon_threads = True
        servers[r] = s
    world["ports"] = {r: s.server_address[1] for r, s in servers.items()}
    for s in servers.values():
        threading.Thread(target=s.serve_forever, daemon=True).start()
    return servers, log


def stop_world(servers):
    for s in servers.values():
        s.shutdown()
        s.server_close()
