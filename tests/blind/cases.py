"""The blind test cases. Placeholders in commands: {SITE} {GW} {CID} {DC} {OLD} {CUSTOM}
{SITEPORT}, and tokens {T_CLASSIC} etc. (see TOKENS)."""
import base64
import copy
import random
import uuid

import fake

rng = random.Random(20261014)
CID = str(uuid.UUID(int=rng.getrandbits(128)))
OTHER_CID = str(uuid.UUID(int=rng.getrandbits(128)))
ALICE = "alice.nguyen@acme-corp.io"
BOB = "bob.k@acme-corp.io"
SVC = "ci-bot-7f3a@serviceaccount.atlassian.com"
CAROL = "carol.diaz@acme-corp.io"
DAVE = "dave.oyelaran@acme-corp.io"
ERIN = "erin.w@acme-corp.io"
PASSWORD = "Winter2026xQ"

T = {}
for name in ["T_CLASSIC", "T_SJ", "T_SJ_WORKONLY", "T_SC", "T_SCG", "T_EXP", "T_REV", "T_BOB", "T_BOBS", "T_SVC",
             "T_CAROL", "T_DAVE", "T_ERIN", "T_RL"]:
    T[name] = fake.atat_token(rng)
PAT = fake.dc_pat(rng)
PAT2 = fake.dc_pat(rng)
JWT_FULL = fake.jwt(rng, ["read:jira-user", "read:jira-work", "read:confluence-space.summary", "read:space:confluence",
                          "read:page:confluence", "offline_access"], CID)
JWT_WORK = fake.jwt(rng, ["read:jira-work", "offline_access"], CID)

# variants of the classic token
t = T["T_CLASSIC"]
T["T_TRUNC"] = t[:-4]
mid = 97
T["T_TYPO"] = t[:mid] + ("b" if t[mid] != "b" else "c") + t[mid + 1:]
T["PAT"] = PAT
T["JWT_FULL"] = JWT_FULL
T["JWT_WORK"] = JWT_WORK
T["B64_GOOD"] = base64.b64encode(("%s:%s" % (ALICE, t)).encode()).decode()
T["B64_NEWLINE"] = base64.b64encode(("%s:%s\n" % (ALICE, t)).encode()).decode()
T["B64_NOCOLON"] = base64.b64encode(t.encode()).decode()
T["ALICE"] = ALICE
T["BOB"] = BOB
T["SVC"] = SVC
T["CAROL"] = CAROL
T["DAVE"] = DAVE
T["ERIN"] = ERIN
T["OTHER_CID"] = OTHER_CID
T["PASSWORD"] = PASSWORD


def acct_id():
    return "712020:" + str(uuid.UUID(int=rng.getrandbits(128)))


BASE_ACCOUNTS = [
    {"email": ALICE, "account_id": acct_id(), "display": "Alice Nguyen", "password": PASSWORD, "tokens": [
        {"value": T["T_CLASSIC"], "kind": "classic"},
        {"value": T["T_SJ"], "kind": "scoped", "product": "jira", "scopes": ["read:jira-user", "read:jira-work", "read:me"]},
        {"value": T["T_SJ_WORKONLY"], "kind": "scoped", "product": "jira", "scopes": ["read:jira-work"]},
        {"value": T["T_SC"], "kind": "scoped", "product": "confluence",
         "scopes": ["read:confluence-space.summary", "read:confluence-content.summary", "read:confluence-user",
                    "search:confluence"]},
        {"value": T["T_SCG"], "kind": "scoped", "product": "confluence",
         "scopes": ["read:space:confluence", "read:page:confluence", "read:content-details:confluence",
                    "read:content:confluence"]},
        {"value": T["T_EXP"], "kind": "classic", "state": "expired"},
        {"value": T["T_REV"], "kind": "classic", "state": "revoked"},
        {"value": T["T_RL"], "kind": "classic", "rate_limited": True},
    ]},
    {"email": BOB, "account_id": acct_id(), "display": "Bob K", "tokens": [
        {"value": T["T_BOB"], "kind": "classic"},
        {"value": T["T_BOBS"], "kind": "scoped", "product": "jira", "scopes": ["read:jira-user", "read:jira-work"]}]},
    {"email": SVC, "account_id": acct_id(), "display": "ci-bot", "tokens": [
        {"value": T["T_SVC"], "kind": "scoped", "product": "jira", "service_bearer": True,
         "scopes": ["read:jira-user", "read:jira-work", "read:me"]}]},
    {"email": CAROL, "account_id": acct_id(), "display": "Carol Diaz", "confluence": False,
     "tokens": [{"value": T["T_CAROL"], "kind": "classic"}]},
    {"email": DAVE, "account_id": acct_id(), "display": "Dave O", "jira": False,
     "tokens": [{"value": T["T_DAVE"], "kind": "classic"}]},
    {"email": ERIN, "account_id": acct_id(), "display": "Erin W", "active": False,
     "tokens": [{"value": T["T_ERIN"], "kind": "classic"}]},
]


def W(site=None, gateway=None, dc=None, custom=False, old=None, accounts=None, header_case="canonical", **extra):
    def build():
        w = {"cloud_id": CID, "accounts": copy.deepcopy(BASE_ACCOUNTS),
             "oauth": [{"value": JWT_FULL, "scopes": ["read:jira-user", "read:jira-work", "read:confluence-space.summary",
                                                     "read:space:confluence", "read:page:confluence"], "account": ALICE},
                       {"value": JWT_WORK, "scopes": ["read:jira-work"], "account": ALICE}],
             "site": {"products": ["jira", "confluence"], "seraph": False, "xaccountid": True},
             "gateway": {}, "header_case": header_case,
             "server_header": {"site": "AtlassianEdge", "gateway": "AtlassianEdge", "custom": "AtlassianEdge"},
             "tokens_ctx": T}
        w["site"].update(site or {})
        w["gateway"].update(gateway or {})
        if accounts:
            accounts(w["accounts"])
        if dc is not None:
            d = {"product": "jira", "users": [{"username": "jsmith", "password": "S3cure-Pass!", "pats": [PAT],
                                              "email": "j.smith@corp.example", "display": "John Smith"}]}
            d.update(dc)
            w["dc"] = d
            w["server_header"]["dc"] = None
        if custom:
            w["custom"] = True
        if old is not None:
            w["old"] = old
        w.update(extra)
        return w
    return build


def set_flag(email, **kv):
    def f(accts):
        for a in accts:
            if a["email"] == email:
                a.update(kv)
    return f


OK = [("ok", None)]


def P(c):
    return [("problem", c)]


def I(*cs):
    return [("inconclusive", set(cs))]


CASES = []


def case(name, story, world, expect, form="curl", curl=None, url=None, email=None, site=None, env=None, dead=None, why="",
         **more):
    # fifth batch: more = headers (-H with --url), args (extra doctor flags), timeout (runner seconds), check (j, ctx) -> [problems]
    CASES.append(dict(name=name, story=story, world=world, expect=expect, form=form, curl=curl, url=url, email=email,
                      site=site, env=env or {}, dead=dead or [], why=why, **more))


# ------------------------------------------------------------------ healthy
case("ok-jira-v3-myself", "Sanity check: my classic token works with curl -sS against /rest/api/3/myself, right?",
     W(), OK, curl="curl -sS -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself")
case("ok-jira-v2-projects-url", "Listing projects with a classic token (v2)",
     W(site={"seraph": True}), OK, form="url", url="{SITE}/rest/api/2/project/search", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("ok-conf-v1-space-continuation", "Confluence v1 space list with --user, Accept header and line continuations",
     W(), OK, curl="curl -s \\\n  -H 'Accept: application/json' \\\n  --user '{ALICE}:{T_CLASSIC}' \\\n  \"{SITE}/wiki/rest/api/space?limit=10&start=0\"\n")
case("ok-conf-v2-pages-url", "Confluence v2 pages with classic token",
     W(), OK, form="url", url="{SITE}/wiki/api/v2/pages?limit=5", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("ok-scoped-jira-gateway", "Scoped Jira token through api.atlassian.com as the docs say",
     W(), OK, curl="curl -sS --user {ALICE}:{T_SJ} -H 'Accept: application/json' {GW}/ex/jira/{CID}/rest/api/3/myself",
     env={"ATLASSIAN_SITE": "{SITE}"})
case("ok-scoped-conf-gateway-v2", "Scoped Confluence token (granular scopes) on the gateway v2 spaces",
     W(), OK, form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/spaces?limit=1", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SCG}"})
case("ok-scoped-conf-gateway-nowiki", "Scoped Confluence token on the gateway without /wiki (egg #3094 form)",
     W(), OK, form="url", url="{GW}/ex/confluence/{CID}/api/v2/spaces?keys=ENG", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SCG}"})
case("ok-dc-pat-bearer", "Jira Data Center PAT as Bearer",
     W(dc={}), OK, curl='curl -s -H "Authorization: Bearer {PAT}" {DC}/rest/api/2/myself')
case("ok-dc-basic-password", "Jira Data Center username:password Basic",
     W(dc={"deployment": "DataCenter"}), OK, curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/rest/api/2/myself")
case("ok-conf-dc-basic-context", "Confluence Data Center at /confluence with username:password",
     W(dc={"product": "confluence", "context": "/confluence"}), OK,
     curl="curl -s -u 'jsmith:S3cure-Pass!' -H 'Accept: application/json' {DC}/confluence/rest/api/space?limit=5")
case("ok-oauth-jwt-gateway", "OAuth 3LO access token as Bearer on the gateway",
     W(), OK, curl='curl -sS -H "Authorization: Bearer {JWT_FULL}" -H "Accept: application/json" {GW}/ex/jira/{CID}/rest/api/3/myself',
     env={"ATLASSIAN_SITE": "{SITE}"})
case("ok-public-wiki-same-as-anon", "Public wiki: my spaces list is identical to the anonymous one, is my token even used?",
     W(site={"conf_public": True, "conf_user_sees_same": True}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space")
case("ok-curl-L-issue", "curl -L -X GET issue fetch with Accept header",
     W(), OK, curl='curl -L -sS -X GET -u "{ALICE}:{T_CLASSIC}" -H "Accept: application/json" "{SITE}/rest/api/3/issue/ACME-12"')
case("ok-env-vars-in-curl", "curl -u \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\" search/jql",
     W(), OK, curl='curl -s -u "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN" "{SITE}/rest/api/3/search/jql?jql=project%3DACME&maxResults=5"',
     env={"ATLASSIAN_EMAIL": "{ALICE}", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("ok-handbuilt-basic", "Hand-built Authorization: Basic (printf | base64 -w0) on Confluence content",
     W(), OK, curl="curl -s -H 'Authorization: Basic {B64_GOOD}' '{SITE}/wiki/rest/api/content?limit=1'")
case("ok-jira-lowercase-headers", "Jira v2 myself; responses with lowercase headers, no X-AACCOUNTID",
     W(site={"xaccountid": False, "seraph": True}, header_case="lower"), OK,
     curl="curl --user {ALICE}:{T_CLASSIC} {SITE}/rest/api/2/myself")
case("ok-service-account-gateway", "Service account scoped token, Basic on the gateway",
     W(), OK, curl="curl -s -u {SVC}:{T_SVC} {GW}/ex/jira/{CID}/rest/api/3/project/search", env={"ATLASSIAN_SITE": "{SITE}"})

# ------------------------------------------------------------------ scoped token on the site
case("scoped-conf-public-401", "community 3039044: scoped token 401 on public wiki; foo:bar gets 200",
     W(site={"conf_public": True}), P("scoped-token-on-site-url"), form="url", url="{SITE}/wiki/rest/api/space",
     email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_SC}"}, why="docs/atlassian/cloud.md#tomcat-401, docs/atlassian/cloud.md#scoped-token-on-site")
case("scoped-conf-private-401", "atlassian-python-api #1546: Confluence 401 with scoped token",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/content?spaceKey=ENG",
     why="docs/atlassian/cloud.md#scoped-token-on-site + gateway accepts")
case("scoped-conf-private-anon403", "scoped token on private wiki answered like anonymous (403 caller cannot access)",
     W(site={"scoped_confluence": "anon"}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/space", why="docs/causes/README.md: 'sometimes 403 or anonymous fallback' + gateway 200")
case("scoped-conf-public-403", "qaq-p/3135241: 403 not authorized with scoped token",
     W(site={"conf_public": True, "scoped_confluence": "403"}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#scoped-token-on-site 403 variant")
case("scoped-conf-public-anon200", "public wiki, scoped token silently ignored (200 anonymous data)",
     W(site={"conf_public": True, "scoped_confluence": "anon"}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/space", why="docs/causes/README.md anonymous fallback variant; gateway 200")
case("scoped-conf-v2-page", "qaq-p/3023662: scoped token returns Unauthorized for simple v2 page query",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SCG} {SITE}/wiki/api/v2/pages/99305")
case("scoped-jira-myself", "mcp-atlassian #968: scoped token on site /myself 401",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#client-must-be-authenticated + gateway 200")
case("scoped-jira-issue-404", "qaq-p/3089340: issue does not exist with scoped token",
     W(), P("scoped-token-on-site-url"), form="url", url="{SITE}/rest/api/2/issue/ACME-7", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"}, why="docs/atlassian/cloud.md#issue-not-visible + gateway 200")
case("scoped-jira-projects-empty", "scoped token, project/search returns 200 with empty values",
     W(site={"seraph": True}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SJ} '{SITE}/rest/api/3/project/search?maxResults=50'", why="docs/atlassian/cloud.md#empty-results + gateway 200")
case("scoped-service-account-site", "KB: 401 when service account accesses Jira API (site URL)",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {SVC}:{T_SVC} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#service-account service accounts")
case("scoped-site-gw-scopecheck", "scoped token missing read:jira-user, used on site /myself",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJ_WORKONLY} {SITE}/rest/api/3/myself",
     why="docs/causes/scoped-token-on-site-url.md: scope-check 401 on gateway proves the token authenticated; request went to site")
case("scoped-site-gateway-down", "scoped token on site, gateway unreachable",
     W(), I("scoped-token-on-site-url", "credentials-rejected"), curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself",
     dead=["gateway"], why="cannot tell scoped from rejected without the gateway")

# ------------------------------------------------------------------ scope missing
case("scope-missing-conf-v2-classic", "qaq-p/3094683: classic scopes on v2 spaces -> scope does not match",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SC} {GW}/ex/confluence/{CID}/wiki/api/v2/spaces",
     env={"ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#gateway-scope-check")
case("scope-missing-header-only", "gateway 401 with FAILURE_CLIENT_SCOPE_CHECK header, plain Unauthorized body",
     W(gateway={"scope_body": False}), P("scope-missing"), form="url",
     url="{GW}/ex/confluence/{CID}/wiki/api/v2/pages?limit=3", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SC}"}, why="docs/atlassian/cloud.md#gateway-scope-check header")
case("scope-missing-body-only", "agile board: 'Unauthorized; scope does not match' body, no header",
     W(gateway={"scope_header": False}), P("scope-missing"),
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/agile/1.0/board", env={"ATLASSIAN_SITE": "{SITE}"},
     why="docs/atlassian/cloud.md#gateway-scope-check body; docs/atlassian/cloud.md#scopes jira-software scopes")
case("scope-missing-wrong-product", "token made for Confluence used on /ex/jira",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SC} {GW}/ex/jira/{CID}/rest/api/3/myself",
     env={"ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#gateway-scope-check 'token made for the wrong product'")
case("scope-missing-oauth-agile", "qaq-p/3062781: OAuth 3LO token 401 scope does not match on agile board",
     W(), P("scope-missing"), curl='curl -s -H "Authorization: Bearer {JWT_WORK}" {GW}/ex/jira/{CID}/rest/agile/1.0/board',
     env={"ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#gateway-scope-check")

# ------------------------------------------------------------------ credentials rejected
case("creds-expired-jira-myself", "Token stopped working in May 2026 (pre-2024 token expired)",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#expired-token + docs/causes/README.md")
case("creds-revoked-conf-private", "token revoked after leaking to GitHub; Confluence 403",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_REV} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#revoked-token")
case("creds-other-account", "token created under my personal account, email is my work account",
     W(), P("credentials-rejected"), form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_BOB}"}, why="docs/atlassian/cloud.md#jira-measured PR #114 valid token + different email -> 401")
case("creds-anon200-jira", "JRACLOUD-93811: wrong creds give 200 empty project list",
     W(site={"seraph": True}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/2/project", why="docs/atlassian/cloud.md#empty-results")
case("creds-public-wiki-anon", "expired token on public wiki, 200 but only public spaces",
     W(site={"conf_public": True}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_REV} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#confluence-anonymous public site fallback")
case("creds-deprecated-body", "JiraPS #423: 'Basic authentication with passwords is deprecated' for an invalid API token",
     W(site={"bad_basic": "deprecated"}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_EXP} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#password-deprecated: not proof of password; token is well-formed")
case("creds-gateway-auth-mismatch", "reposix notes: FAILURE_CLIENT_AUTH_MISMATCH on gateway",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_BOBS} {GW}/ex/jira/{CID}/rest/api/3/myself",
     env={"ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#gateway-auth-mismatch + site refuses too")
case("creds-deactivated-user", "AX-684: user deactivated, tokens give Unauthorized (401)",
     W(), P("credentials-rejected"), curl="curl -s -u {ERIN}:{T_ERIN} {SITE}/rest/api/2/myself", why="docs/atlassian/cloud.md#revoked-token AX-684")

# ------------------------------------------------------------------ password / username / mangled / malformed / empty
case("password-conf", "gioboa/jira-plugin #148: using my Atlassian password",
     W(), P("password-instead-of-token"), curl="curl -s -u {ALICE}:{PASSWORD} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#password-deprecated docs/atlassian/cloud.md#password-deprecated")
case("password-jira-anon", "password on Jira, /myself 401 Client must be authenticated",
     W(site={"password": "anon"}), P("password-instead-of-token"), form="url", url="{SITE}/rest/api/3/myself",
     email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{PASSWORD}"}, why="docs/causes/README.md: secret not token-shaped and refused")
case("username-instead-of-email", "I use my username like on our old Jira Server",
     W(), P("username-instead-of-email"), curl="curl -s -u anguyen:{T_CLASSIC} {SITE}/rest/api/3/myself")
case("mangled-trailing-newline-env", "token read from a file with a trailing newline into ATLASSIAN_API_TOKEN",
     W(), P("token-mangled"), form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}\n"}, why="docs/causes/token-mangled.md: CR/LF")
case("mangled-truncated", "copied token lost its last characters",
     W(), P("token-mangled"), curl="curl -s -u {ALICE}:{T_TRUNC} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#token-crc32 CRC")
case("mangled-typo-crc", "retyped the token from a screenshot: one char wrong",
     W(), P("token-mangled"), curl="curl -s -u {ALICE}:{T_TYPO} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#token-crc32 CRC mismatch")
case("mangled-smart-quotes", "pasted from Slack, the token got curly quotes",
     W(), P("token-mangled"), curl="curl -s -u {ALICE}:\u201c{T_CLASSIC}\u201d {SITE}/rest/api/3/myself",
     why="docs/causes/token-mangled.md: quotes, non-ASCII")
case("malformed-basic-echo-n", "JRACLOUD-72920: echo user:token | base64 (no -n)",
     W(), P("malformed-basic-header"), curl="curl -s -H 'Authorization: Basic {B64_NEWLINE}' {SITE}/rest/api/3/myself",
     why="docs/atlassian/cloud.md#basic-header-encoding")
case("malformed-basic-no-colon", "base64 of the token alone in the Basic header",
     W(), P("malformed-basic-header"), curl="curl -s -H 'Authorization: Basic {B64_NOCOLON}' {SITE}/wiki/rest/api/space")
case("empty-credentials", "CI: JIRA_API_TOKEN secret not passed to the job",
     W(), P("empty-credentials"), curl='curl -s -u "{ALICE}:$JIRA_API_TOKEN" {SITE}/rest/api/3/myself')

# ------------------------------------------------------------------ bearer / oauth
case("bearer-jira-site", "phpstan-todo-by #181: Failed to parse Connect Session Auth Token",
     W(), P("bearer-instead-of-basic"), curl='curl -s -H "Authorization: Bearer {T_CLASSIC}" {SITE}/rest/api/3/myself',
     env={"ATLASSIAN_EMAIL": "{ALICE}"}, why="docs/atlassian/cloud.md#connect-session-token + Basic works")
case("bearer-conf-no-email", "atlassian-python-api #1199: Bearer API token on Confluence 403",
     W(), P("bearer-instead-of-basic"), curl='curl -s -H "Authorization: Bearer {T_CLASSIC}" -H "Accept: application/json" {SITE}/wiki/rest/api/space',
     why="docs/atlassian/cloud.md#connect-session-token; ATAT token")
case("bearer-scoped-gateway", "egg #3094: Bearer scoped token to api.atlassian.com returned 404",
     W(), P("bearer-instead-of-basic"), curl='curl -s -H "Authorization: Bearer {T_SJ}" {GW}/ex/jira/{CID}/rest/api/3/myself',
     env={"ATLASSIAN_EMAIL": "{ALICE}", "ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#gateway-scheme + Basic on gateway works")
case("oauth-on-site-jira", "3LO access token sent to mysite.atlassian.net",
     W(), P("oauth-token-on-site-url"), curl='curl -s -H "Authorization: Bearer {JWT_FULL}" {SITE}/rest/api/3/myself')
case("oauth-on-site-conf", "3LO token on site Confluence v2",
     W(), P("oauth-token-on-site-url"), curl='curl -s -H "Authorization: Bearer {JWT_FULL}" {SITE}/wiki/api/v2/spaces')
case("bearer-pat-on-cloud", "migrated to Cloud, still sending our DC PAT as Bearer",
     W(), P("bearer-pat-on-cloud"), curl='curl -s -H "Authorization: Bearer {PAT}" {SITE}/rest/api/2/myself',
     env={"ATLASSIAN_EMAIL": "{ALICE}"})

# ------------------------------------------------------------------ misc Cloud
case("captcha-cloud", "jiractl #28: X-Seraph-LoginReason AUTHENTICATION_DENIED",
     W(accounts=set_flag(ALICE, captcha=True), header_case="lower"), P("captcha-required"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/2/myself", why="docs/atlassian/data-center.md#captcha")
case("captcha-dc", "jira-cmd #38: CAPTCHA_CHALLENGE on Jira Server",
     W(dc={"users": [{"username": "jsmith", "password": "S3cure-Pass!", "pats": [PAT], "captcha": True}]}),
     P("captcha-required"), curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/rest/api/2/myself", why="docs/atlassian/data-center.md#captcha")
case("no-product-access-conf", "mark #493: Current user not permitted to use Confluence",
     W(), P("no-product-access"), curl="curl -s -u {CAROL}:{T_CAROL} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#confluence-cannot-access, docs/atlassian/cloud.md#no-product-access")
case("no-product-access-conf-samebody", "anonymous gets the same 'not permitted' body; Jira knows the account",
     W(site={"conf_anon_403_body": fake.CONF_NOT_PERMITTED}), P("no-product-access"),
     form="url", url="{SITE}/wiki/rest/api/content", email="{CAROL}", env={"ATLASSIAN_API_TOKEN": "{T_CAROL}"},
     why="docs/causes/no-product-access.md: credential authenticates via the other product")
case("no-product-access-jira", "user has Confluence but no Jira license; /myself 401",
     W(), P("no-product-access"), curl="curl -s -u {DAVE}:{T_DAVE} {SITE}/rest/api/3/myself",
     why="docs/causes/README.md: 401 indistinguishable from bad token while the account resolves (Confluence user/current)")
case("ip-not-allowed-403", "Enterprise allowlist: 'IP address has been rejected'",
     W(site={"global": {"kind": "ip"}}), P("ip-not-allowed"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     why="docs/atlassian/cloud.md#ip-allowlist")
case("ip-not-allowed-401", "IP allowlist body with a 401 status (status unstated in docs/atlassian/README.md)",
     W(site={"global": {"kind": "ip", "status": 401}}), P("ip-not-allowed"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#ip-allowlist, status not stated")
case("rate-limited-all", "429 with Retry-After on every request",
     W(site={"global": {"kind": "ratelimit_all"}}), P("rate-limited"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#rate-limits")
case("rate-limited-token", "API-token rate limit (Nov 2025): only my token is throttled",
     W(), P("rate-limited"), curl="curl -s -u {ALICE}:{T_RL} {SITE}/rest/api/3/project/search", why="docs/atlassian/cloud.md#rate-limits docs/atlassian/cloud.md#rate-limits")
case("missing-wiki-prefix", "conflr #3: null for uri on /rest/api/content",
     W(), P("missing-wiki-prefix"), curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/api/content?spaceKey=ENG'", why="docs/atlassian/cloud.md#null-for-uri")
case("missing-wiki-prefix-url", "Confluence user/current without /wiki (--url)",
     W(), P("missing-wiki-prefix"), form="url", url="{SITE}/rest/api/user/current", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/atlassian/cloud.md#null-for-uri, docs/atlassian/cloud.md#url-mistakes exact example")
case("removed-api", "alertmanager #4513: 410 The requested API has been removed",
     W(), P("removed-api"), curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/api/3/search?jql=project=ACME'", why="docs/atlassian/cloud.md#removed-api")
case("removed-api-gateway", "410 via the gateway with a scoped token",
     W(), P("removed-api"), curl="curl -s -u {ALICE}:{T_SJ} '{GW}/ex/jira/{CID}/rest/api/2/search?jql=project=ACME'",
     env={"ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#removed-api site/gateway")
case("redirect-renamed-site", "AX-715: after site rename API calls get 302",
     W(old={"to": "http://127.0.0.1:{SITE}", "status": 302}), P("redirect-drops-credentials"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {OLD}/rest/api/3/myself", why="docs/atlassian/cloud.md#redirects")
case("redirect-http-301", "go-jira #222: http:// gets 301 to https",
     W(old={"to": "https://127.0.0.1:{SITE}", "status": 301}), P("redirect-drops-credentials"),
     curl="curl -sL -u {ALICE}:{T_CLASSIC} {OLD}/wiki/rest/api/space", env={"ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#redirects")
case("custom-domain", "AX-649: REST through wiki.acme.com custom domain",
     W(custom=True), P("custom-domain-unsupported"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {CUSTOM}/wiki/rest/api/space", env={"ATLASSIAN_SITE": "{SITE}"},
     why="docs/causes/custom-domain-unsupported.md")
case("site-not-found-edge", "typo in site name: edge 'Page unavailable'",
     W(site={"tenant_info": "edge404"}), P("site-not-found"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     why="docs/atlassian/cloud.md#site-not-found non-existent site + docs/causes/README.md")
case("site-not-found-dns", "typo acme-crop.atlassian.net does not resolve",
     W(), P("site-not-found"), form="url", url="https://acme-crop.atlassian.net/wiki/rest/api/space", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/causes/site-not-found.md DNS")
case("wrong-cloud-id", "cloudId copied from the sandbox site",
     W(), P("wrong-cloud-id"), curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{OTHER_CID}/rest/api/3/myself",
     env={"ATLASSIAN_SITE": "{SITE}"})
case("gateway-empty-cloudid", "$CLOUD_ID unset: /ex/confluence//wiki/...",
     W(), P("gateway-path-malformed"), curl='curl -s -u {ALICE}:{T_SC} "{GW}/ex/confluence/$CLOUD_ID/wiki/rest/api/space"',
     env={"ATLASSIAN_SITE": "{SITE}"})
case("gateway-product-mismatch", "/ex/jira/... with a /wiki path",
     W(), P("gateway-path-malformed"), curl="curl -s -u {ALICE}:{T_SC} {GW}/ex/jira/{CID}/wiki/rest/api/space",
     env={"ATLASSIAN_SITE": "{SITE}"})
case("network-error", "connection refused to the site",
     W(), P("network-error"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", dead=["site"])
case("session-endpoint", "cookie login via /rest/auth/1/session on Cloud",
     W(), P("session-endpoint-removed"),
     curl="curl -s -X POST -H 'Content-Type: application/json' -d '{\"username\":\"" + ALICE + "\",\"password\":\"" + PASSWORD + "\"}' {SITE}/rest/auth/1/session")
case("xsrf-browser-ua", "POST create issue with a browser User-Agent -> XSRF check failed",
     W(), P("xsrf-check-failed"),
     curl="curl -s -X POST -A 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' -u {ALICE}:{T_CLASSIC} -H 'Content-Type: application/json' "
          "-d '{\"fields\":{\"project\":{\"key\":\"ACME\"},\"summary\":\"x\",\"issuetype\":{\"name\":\"Task\"}}}' {SITE}/rest/api/2/issue")

# ------------------------------------------------------------------ Data Center
case("pat-as-basic-jira", "Jira DC 401 using PAT with curl -u",
     W(dc={}), P("pat-sent-as-basic"), curl="curl -s -u jsmith:{PAT} {DC}/rest/api/2/myself")
case("pat-as-basic-conf", "Confluence DC 401 Tomcat page with PAT as password",
     W(dc={"product": "confluence", "context": "/confluence"}), P("pat-sent-as-basic"),
     curl="curl -s -u jsmith:{PAT} {DC}/confluence/rest/api/space")
case("basic-disabled", "alfred-confluence #24: Basic Authentication has been disabled on this instance",
     W(dc={"basic_disabled": True}), P("basic-auth-disabled"), curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/rest/api/2/myself",
     why="docs/atlassian/data-center.md#basic-auth-disabled")
case("cloud-creds-on-dc", "used my Cloud email + API token against the company's Jira DC",
     W(dc={}), P("cloud-credentials-on-data-center"), curl="curl -s -u {ALICE}:{T_CLASSIC} {DC}/rest/api/2/myself")

# ================================================================== second batch
T["OLD_SHORT"] = "k3J9xQ2mN8vR4tL7wP1zY5sA"
T["T_WO"] = fake.atat_token(random.Random(77))
T["B64_ALICE_EXP"] = base64.b64encode(("%s:%s" % (ALICE, T["T_EXP"])).encode()).decode()
GERMAN_410 = ('{"errorMessages":["Die angeforderte API wurde entfernt. Bitte migrieren Sie zur /rest/api/3/search/jql-API. '
              'Eine vollst\\u00e4ndige Migrationsanleitung ist verf\\u00fcgbar unter https://developer.atlassian.com/changelog/#CHANGE-2046"],"errors":{}}')
PUBLIC_PROJECTS = [{"key": "ACME", "id": "10000", "name": "Acme Platform", "public": True},
                   {"key": "OPS", "id": "10001", "name": "Operations", "public": False}]


def add_token(email, tok):
    def f(accts):
        for a in accts:
            if a["email"] == email:
                a["tokens"].append(tok)
    return f


case("malformed-basic-unencoded", "put 'Basic email:token' in the header without base64",
     W(), P("malformed-basic-header"), curl='curl -s -H "Authorization: Basic {ALICE}:{T_CLASSIC}" {SITE}/rest/api/3/myself',
     why="docs/causes/malformed-basic-header.md: invalid base64")
case("malformed-basic-no-colon-email", "base64 of the token alone; ATLASSIAN_EMAIL set",
     W(), P("malformed-basic-header"), curl="curl -s -H 'Authorization: Basic {B64_NOCOLON}' {SITE}/wiki/rest/api/space",
     env={"ATLASSIAN_EMAIL": "{ALICE}"})
case("gw-creds-rejected-expired-classic", "expired token on the gateway URL (Jira myself)",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_EXP} {GW}/ex/jira/{CID}/rest/api/3/myself",
     env={"ATLASSIAN_SITE": "{SITE}"}, why="gateway 401 + site refuses")
case("gw-creds-rejected-url-form", "--url gateway Confluence with another account's scoped token",
     W(), P("credentials-rejected"), form="url", url="{GW}/ex/confluence/{CID}/wiki/rest/api/space", email="{ALICE}",
     site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_BOBS}"})
case("gw-creds-rejected-noheader-public", "gateway 401 (no X-Failure-Category), Jira with public projects",
     W(gateway={"auth_mismatch_header": False}, site={"projects": PUBLIC_PROJECTS}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_REV} {GW}/ex/jira/{CID}/rest/api/3/project/search", env={"ATLASSIAN_SITE": "{SITE}"})
case("scoped-jira-public-projects", "scoped token on site: project/search shows only the public project",
     W(site={"projects": PUBLIC_PROJECTS}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/project/search")
case("ok-jira-public-projects", "classic token, public+private projects",
     W(site={"projects": PUBLIC_PROJECTS}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/project/search")
case("ok-public-wiki-v2", "public wiki, classic token on v2 spaces",
     W(site={"conf_public": True}), OK, form="url", url="{SITE}/wiki/api/v2/spaces?limit=25", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("ok-curl-G-data-urlencode", "curl -G --data-urlencode 'jql=project = ACME' search/jql",
     W(), OK, curl="curl -sS -G -u {ALICE}:{T_CLASSIC} --data-urlencode 'jql=project = ACME' -H 'Accept: application/json' {SITE}/rest/api/3/search/jql")
case("ok-atlassian-docs-style", "Atlassian REST docs snippet: --request GET --url ... --header",
     W(), OK, curl="curl --request GET \\\n  --url '{SITE}/rest/api/3/myself' \\\n  --user '{ALICE}:{T_CLASSIC}' \\\n  --header 'Accept: application/json'")
case("ok-basic-auth-doc-D-", "basic-auth doc example: curl -D- -u ... -X GET -H Content-Type",
     W(), OK, curl='curl -D- -u {ALICE}:{T_CLASSIC} -X GET -H "Content-Type: application/json" {SITE}/rest/api/2/issue/ACME-3')
case("ok-email-case", "email typed with capitals (case-insensitive per PR #114)",
     W(), OK, curl="curl -s -u Alice.Nguyen@Acme-Corp.io:{T_CLASSIC} {SITE}/rest/api/3/myself")
case("ok-service-account-bearer-gw", "service account scoped token as Bearer on the gateway (ba-p/3186388)",
     W(), OK, curl='curl -s -H "Authorization: Bearer {T_SVC}" {GW}/ex/jira/{CID}/rest/api/3/myself',
     env={"ATLASSIAN_SITE": "{SITE}"})
case("ok-classic-on-gateway", "classic token through the gateway (works in this world)",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {GW}/ex/jira/{CID}/rest/api/3/myself", env={"ATLASSIAN_SITE": "{SITE}"})
case("ok-dc-pat-basic-disabled", "Jira DC with Basic disabled; PAT as Bearer works",
     W(dc={"basic_disabled": True}), OK, curl='curl -s -H "Authorization: Bearer {PAT}" -H "Accept: application/json" {DC}/rest/api/2/project')
case("ok-conf-dc-pat", "Confluence DC PAT Bearer",
     W(dc={"product": "confluence", "context": "/confluence"}), OK,
     curl='curl -s -H "Authorization: Bearer {PAT}" {DC}/confluence/rest/api/content?spaceKey=DOC')
case("ok-x-atlassian-token", "GET with X-Atlassian-Token: no-check and a trailing slash",
     W(site={"seraph": True}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} -H 'X-Atlassian-Token: no-check' {SITE}/wiki/rest/api/space/")
case("bearer-jira-anon", "older behaviour: Bearer API token answered as anonymous (empty project list)",
     W(site={"bearer_api": "anon"}), P("bearer-instead-of-basic"),
     curl='curl -s -H "Authorization: Bearer {T_CLASSIC}" {SITE}/rest/api/3/project/search', env={"ATLASSIAN_EMAIL": "{ALICE}"},
     why="docs/causes/bearer-instead-of-basic.md: 'or anonymous results'")
case("bearer-conf-anon-public", "atlassian-python-api #900: Bearer -> get_all_spaces() empty list (public wiki)",
     W(site={"bearer_api": "anon", "conf_public": True}), P("bearer-instead-of-basic"),
     curl='curl -s -H "Authorization: Bearer {T_CLASSIC}" {SITE}/wiki/rest/api/space', env={"ATLASSIAN_EMAIL": "{ALICE}"})
case("username-conf", "username as login on Confluence Cloud (private wiki 403)",
     W(), P("username-instead-of-email"), curl="curl -s -u alice.nguyen:{T_CLASSIC} {SITE}/wiki/rest/api/content")
case("password-old-link-body", "password; body with the older confluence.atlassian.com link",
     W(site={"password_body": "Basic authentication with passwords is deprecated.  For more information, see: "
                              "https://confluence.atlassian.com/cloud/deprecation-of-basic-authentication-with-passwords-for-jira-and-confluence-apis-972355348.html\n"}),
     P("password-instead-of-token"), curl="curl -s -u {ALICE}:{PASSWORD} {SITE}/rest/api/2/myself")
case("old-short-token", "'OLD SHORT TOKEN' (jira-cli #842), expired",
     W(accounts=add_token(ALICE, {"value": "k3J9xQ2mN8vR4tL7wP1zY5sA", "kind": "classic", "state": "expired"})),
     [("problem", "credentials-rejected"), ("problem", "password-instead-of-token"),
      ("inconclusive", {"credentials-rejected", "password-instead-of-token"})],
     curl="curl -s -u {ALICE}:{OLD_SHORT} {SITE}/rest/api/3/myself", why="ambiguous: short secret looks like a password")
case("mangled-crlf-env", ".env file with CRLF: token ends in \\r",
     W(), P("token-mangled"), form="url", url="{SITE}/wiki/rest/api/space", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}\r"})
case("mangled-quotes-env", "docker --env-file kept the quotes around the token",
     W(), P("token-mangled"), form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": '"{T_CLASSIC}"'})
case("mangled-leading-space", "token pasted with a leading space in the curl -u quotes",
     W(), P("token-mangled"), curl="curl -s -u '{ALICE}: {T_CLASSIC}' {SITE}/rest/api/3/myself")
case("rate-limited-gateway", "gateway 429 without Retry-After, X-Failure-Category + X-Ratelimit-Limit: 360000",
     W(gateway={"ratelimit": True}), P("rate-limited"),
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/myself", env={"ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#rate-limits")
case("missing-wiki-json", "null for uri as JSON on /rest/api/space",
     W(site={"null_json": True}), P("missing-wiki-prefix"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/space")
case("removed-api-german", "alertmanager #4513: localized 410 'Die angeforderte API wurde entfernt'",
     W(site={"removed_body": GERMAN_410}), P("removed-api"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/api/2/search?jql=assignee=currentUser()'")
case("wrong-cloud-id-401", "wrong cloudId, gateway answers 401",
     W(gateway={"unknown_cid": "401"}), P("wrong-cloud-id"),
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{OTHER_CID}/rest/api/3/myself", env={"ATLASSIAN_SITE": "{SITE}"})
case("ip-not-allowed-gateway", "IP allowlist hit via the gateway",
     W(gateway={"ip": True}, site={"global": {"kind": "ip"}}), P("ip-not-allowed"),
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/myself", env={"ATLASSIAN_SITE": "{SITE}"})
case("captcha-denied-reason-only", "only X-Authentication-Denied-Reason: CAPTCHA_CHALLENGE",
     W(accounts=set_flag(ALICE, captcha=True), site={"captcha_drop": ["X-Seraph-LoginReason"], "captcha_status": 401}),
     P("captcha-required"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", why="docs/atlassian/data-center.md#captcha and/or")
case("creds-myself-json-msg", "expired token; /myself 401 as {message, status-code} JSON",
     W(site={"myself_401": "json-msg"}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_EXP} -H 'Accept: application/json' {SITE}/rest/api/3/myself")
case("creds-issue-404", "expired token; issue 404 'does not exist'",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/3/issue/ACME-5", why="docs/atlassian/cloud.md#issue-not-visible")
case("creds-public-projects-anon", "revoked token; project/search returns the public project only",
     W(site={"projects": PUBLIC_PROJECTS, "seraph": True}), P("credentials-rejected"),
     form="url", url="{SITE}/rest/api/3/project/search", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_REV}"})
case("pat-as-basic-conf-no-xausername", "Confluence DC without X-AUSERNAME; PAT as Basic",
     W(dc={"product": "confluence", "context": "/confluence", "xausername": False}),
     [("problem", "pat-sent-as-basic"), ("inconclusive", {"pat-sent-as-basic"})],
     curl="curl -s -u jsmith:{PAT} {DC}/confluence/rest/api/space", why="DC detection without X-AUSERNAME: ambiguous")
case("scoped-on-site-bad-gw-scope-conf", "Confluence scoped token with only v1 classic scopes, user asked v2 on site",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/api/v2/spaces",
     why="site refuses; gateway shows scope check (v2 needs granular) or 200 on v1 - token authenticated")

# ================================================================== third batch (characterising findings)
case("gw-creds-rejected-jira-url", "--url gateway Jira /myself with an expired token",
     W(), P("credentials-rejected"), form="url", url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_EXP}"})
case("gw-creds-rejected-conf-curl", "expired token on gateway Confluence v1 (private wiki)",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_EXP} {GW}/ex/confluence/{CID}/wiki/rest/api/space",
     env={"ATLASSIAN_SITE": "{SITE}"})
case("gw-creds-rejected-conf-public", "expired token on gateway Confluence v1 (public wiki)",
     W(site={"conf_public": True}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_EXP} {GW}/ex/confluence/{CID}/wiki/rest/api/space", env={"ATLASSIAN_SITE": "{SITE}"})
case("ok-service-account-bearer-gw-email", "service account token as Bearer on the gateway, ATLASSIAN_EMAIL set",
     W(), OK, curl='curl -s -H "Authorization: Bearer {T_SVC}" {GW}/ex/jira/{CID}/rest/api/3/project/search',
     env={"ATLASSIAN_SITE": "{SITE}", "ATLASSIAN_EMAIL": "{SVC}"})
case("bearer-scoped-gateway-no-email", "Bearer user scoped token on the gateway, no email given",
     W(), P("bearer-instead-of-basic"), curl='curl -s -H "Authorization: Bearer {T_SJ}" {GW}/ex/jira/{CID}/rest/api/3/myself',
     env={"ATLASSIAN_SITE": "{SITE}"})
case("ok-conf-dc-basic-no-xausername", "Confluence DC Basic username:password, no X-AUSERNAME header",
     W(dc={"product": "confluence", "context": "/confluence", "xausername": False}), OK,
     curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/confluence/rest/api/space")
case("cloud-creds-on-conf-dc-no-xausername", "Cloud email+token on Confluence DC (no X-AUSERNAME)",
     W(dc={"product": "confluence", "context": "/confluence", "xausername": False}), P("cloud-credentials-on-data-center"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {DC}/confluence/rest/api/space")
case("cloud-creds-on-conf-dc", "Cloud email+token on Confluence DC (with X-AUSERNAME)",
     W(dc={"product": "confluence", "context": "/confluence"}), P("cloud-credentials-on-data-center"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {DC}/confluence/rest/api/space")
case("pat-as-basic-conf-root-ctx", "Confluence DC at / (no context path), PAT as Basic, with X-AUSERNAME",
     W(dc={"product": "confluence"}), P("pat-sent-as-basic"), curl="curl -s -u jsmith:{PAT} {DC}/rest/api/content?spaceKey=DOC")
case("pat-as-basic-jira-no-xausername", "Jira DC without X-AUSERNAME; PAT as Basic (serverInfo says Server)",
     W(dc={"xausername": False}), P("pat-sent-as-basic"), curl="curl -s -u jsmith:{PAT} {DC}/rest/api/2/myself")
case("pat-as-basic-url-form", "--url form: DC Jira, username + PAT in ATLASSIAN_API_TOKEN",
     W(dc={}), P("pat-sent-as-basic"), form="url", url="{DC}/rest/api/2/myself", email="jsmith", env={"ATLASSIAN_API_TOKEN": "{PAT}"})
case("ok-conf-dc-ctx-anon401-basic", "Confluence DC at /confluence, anonymous gets 401; username:password works",
     W(dc={"product": "confluence", "context": "/confluence", "anon_401": True}), OK,
     curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/confluence/rest/api/space")
case("ok-conf-dc-ctx-anon401-pat", "Confluence DC at /confluence, anonymous gets 401; PAT Bearer works",
     W(dc={"product": "confluence", "context": "/confluence", "anon_401": True}), OK,
     curl='curl -s -H "Authorization: Bearer {PAT}" -H "Accept: application/json" {DC}/confluence/rest/api/user/current')
case("pat-as-basic-conf-ctx-anon401", "Confluence DC at /confluence, anonymous 401, PAT as Basic",
     W(dc={"product": "confluence", "context": "/confluence", "anon_401": True}), P("pat-sent-as-basic"),
     curl="curl -s -u jsmith:{PAT} {DC}/confluence/rest/api/space")
case("ok-conf-dc-root-basic", "Confluence DC at root context, username:password",
     W(dc={"product": "confluence"}), OK, curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/rest/api/space")
case("ok-conf-dc-root-pat", "Confluence DC at root context, PAT Bearer",
     W(dc={"product": "confluence"}), OK, curl='curl -s -H "Authorization: Bearer {PAT}" {DC}/rest/api/content?spaceKey=DOC')
case("ok-jira-dc-ctx", "Jira DC at /jira context, PAT Bearer",
     W(dc={"context": "/jira"}), OK, curl='curl -s -H "Authorization: Bearer {PAT}" {DC}/jira/rest/api/2/myself')
case("pat-as-basic-jira-ctx", "Jira DC at /jira context, PAT as Basic",
     W(dc={"context": "/jira"}), P("pat-sent-as-basic"), curl="curl -s -u jsmith:{PAT} {DC}/jira/rest/api/2/myself")
case("ok-conf-dc-root-basic-noxau", "Confluence DC at root, no X-AUSERNAME, username:password",
     W(dc={"product": "confluence", "xausername": False}), OK, curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/rest/api/space")
case("ok-conf-dc-root-pat-noxau", "Confluence DC at root, no X-AUSERNAME, PAT Bearer",
     W(dc={"product": "confluence", "xausername": False}), OK, curl='curl -s -H "Authorization: Bearer {PAT}" {DC}/rest/api/user/current')
case("pat-as-basic-conf-root-noxau", "Confluence DC at root, no X-AUSERNAME, PAT as Basic",
     W(dc={"product": "confluence", "xausername": False}), P("pat-sent-as-basic"), curl="curl -s -u jsmith:{PAT} {DC}/rest/api/space")
case("cloud-creds-conf-root-noxau", "Confluence DC at root, no X-AUSERNAME, Cloud email+token",
     W(dc={"product": "confluence", "xausername": False}), P("cloud-credentials-on-data-center"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {DC}/rest/api/space")
case("basic-disabled-conf-root-noxau", "Confluence DC at root, no X-AUSERNAME, Basic disabled",
     W(dc={"product": "confluence", "xausername": False, "basic_disabled": True}), P("basic-auth-disabled"),
     curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/rest/api/space")
case("ok-doc-example-site-root-200", "manage-api-tokens doc: curl -v https://mysite.atlassian.net --user me@example.com:token",
     W(site={"root": "200"}), OK, curl="curl -v {SITE} --user {ALICE}:{T_CLASSIC}")
case("ok-doc-example-site-root-302", "same doc example; the site root redirects to /jira/your-work",
     W(), [("ok", None), ("problem", "redirect-drops-credentials")], curl="curl -v {SITE} --user {ALICE}:{T_CLASSIC}",
     why="ambiguous: a same-origin 302 at / is normal; docs/atlassian/README.md silent on the root answer")
case("scoped-site-root-url-form", "--url of the bare site with a scoped Jira token",
     W(site={"root": "200"}), P("scoped-token-on-site-url"), form="url", url="{SITE}", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"})
case("scoped-site-gw-all-scope-checks", "scoped token with only write:jira-work on site; gateway answers scope check everywhere",
     W(accounts=add_token(ALICE, {"value": T["T_WO"], "kind": "scoped", "product": "jira", "scopes": ["write:jira-work"]})),
     P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_WO} {SITE}/rest/api/3/myself",
     why="docs/causes/README.md: a scope-check 401 proves the token authenticated")
case("ok-scoped-conf-v1-gateway", "scoped Confluence token with classic scopes on gateway v1 space",
     W(), OK, curl="curl -s -u {ALICE}:{T_SC} '{GW}/ex/confluence/{CID}/wiki/rest/api/space?limit=5'", env={"ATLASSIAN_SITE": "{SITE}"})
case("creds-search-jql-empty", "expired token, search/jql returns 200 with no issues",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_EXP} '{SITE}/rest/api/3/search/jql?jql=project%3DACME'")
case("scoped-jira-json-errors-seraph", "scoped token; /myself 401 JSON errorMessages + X-Seraph-LoginReason",
     W(site={"myself_401": "json-errors", "seraph": True}, header_case="lower"), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SJ} -H 'Accept: application/json' {SITE}/rest/api/2/myself")
_r = random.Random(99)
T["T_LONG"] = "ATATT3xFfGF0" + "".join(_r.choice(fake.ALPH) for _ in range(200))
_b = "ATATT3xFfGF0" + "".join(_r.choice(fake.ALPH) for _ in range(171)) + "="
T["T_BADCRC_VALID"] = _b + "0BADC0DE"
case("ok-token-other-length", "valid token of a different length (Atlassian: 'varied API token length')",
     W(accounts=add_token(ALICE, {"value": T["T_LONG"], "kind": "classic"})), OK,
     curl="curl -s -u {ALICE}:{T_LONG} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#token-length: length is a hint, not proof; the site accepts it")
case("ok-token-crc-mismatch-but-valid", "site accepts a token whose suffix is not the CRC (format change)",
     W(accounts=add_token(ALICE, {"value": T["T_BADCRC_VALID"], "kind": "classic"})), OK,
     curl="curl -s -u {ALICE}:{T_BADCRC_VALID} {SITE}/wiki/rest/api/space", why="verdict ok when the credential works")
case("ok-dc-email-username", "Jira DC where the username is an email address",
     W(dc={"users": [{"username": "j.smith@corp.example", "password": "S3cure-Pass!", "pats": [PAT]}]}), OK,
     curl="curl -s -u 'j.smith@corp.example:S3cure-Pass!' {DC}/rest/api/2/myself")
case("creds-unknown-email-typo", "typo in the email (alice.nguyen@acme-corp.com)",
     W(), P("credentials-rejected"), curl="curl -s -u alice.nguyen@acme-corp.com:{T_CLASSIC} {SITE}/rest/api/3/myself")
case("no-product-access-public-wiki", "public wiki: anonymous sees spaces, my account gets 'not permitted'",
     W(site={"conf_public": True}), P("no-product-access"), curl="curl -s -u {CAROL}:{T_CAROL} {SITE}/wiki/rest/api/space")
case("ok-post-create-issue", "POST create issue with curl (no browser UA), classic token",
     W(), OK, curl="curl -s -X POST -u {ALICE}:{T_CLASSIC} -H 'Content-Type: application/json' "
                   "--data '{\"fields\":{\"project\":{\"key\":\"ACME\"},\"summary\":\"x\",\"issuetype\":{\"name\":\"Task\"}}}' {SITE}/rest/api/3/issue")

# ================================================================== fourth batch: real-world curl, endpoints,
# unusual-but-valid HTTP answers, cause variations (second blind tester, from docs/atlassian/README.md / docs/causes/README.md only)
_r4 = random.Random(4242)
for _n in ["T_SAGILE", "T_SJSM", "T_SJ_EXP", "T_SC_EXP", "T_SVCC", "T_PLUS"]:
    T[_n] = fake.atat_token(_r4)
PLUS = "alice.nguyen+jira@acme-corp.io"
T["PLUS"] = PLUS
for _a in BASE_ACCOUNTS:
    if _a["email"] == ALICE:
        _a["tokens"] += [
            {"value": T["T_SAGILE"], "kind": "scoped", "product": "jira",
             "scopes": ["read:jira-work", "read:jira-user", "read:board-scope:jira-software", "read:sprint:jira-software"]},
            {"value": T["T_SJSM"], "kind": "scoped", "product": "jira",
             "scopes": ["read:servicedesk-request", "read:jira-user", "read:me"]},
            {"value": T["T_SJ_EXP"], "kind": "scoped", "product": "jira", "state": "expired",
             "scopes": ["read:jira-user", "read:jira-work", "read:me"]},
            {"value": T["T_SC_EXP"], "kind": "scoped", "product": "confluence", "state": "expired",
             "scopes": ["read:space:confluence", "read:page:confluence", "read:content-details:confluence"]},
        ]
    if _a["email"] == SVC:
        _a["tokens"].append({"value": T["T_SVCC"], "kind": "scoped", "product": "confluence", "service_bearer": True,
                             "scopes": ["read:confluence-space.summary", "read:confluence-content.summary",
                                        "read:content-details:confluence", "read:space:confluence"]})
BASE_ACCOUNTS.append({"email": PLUS, "account_id": acct_id(), "display": "Alice (plus)",
                      "tokens": [{"value": T["T_PLUS"], "kind": "classic"}]})


def _b64(s):
    return base64.b64encode(s.encode()).decode()


def _wrap(s, n):
    return "\n".join(s[i:i + n] for i in range(0, len(s), n))


# docs/atlassian/cloud.md#basic-header-encoding: GNU base64 wraps at 76 columns, openssl base64 at 64; echo without -n adds "\n"
T["B64_WRAP76"] = _wrap(_b64("%s:%s" % (ALICE, T["T_CLASSIC"])), 76)
T["B64_NL_WRAP76"] = _wrap(_b64("%s:%s\n" % (ALICE, T["T_CLASSIC"])), 76)
T["B64_SC_WRAP64"] = _wrap(_b64("%s:%s" % (ALICE, T["T_SC"])), 64)
T["B64_SJ"] = _b64("%s:%s" % (ALICE, T["T_SJ"]))
T["B64_NL_SCG"] = _b64("%s:%s\n" % (ALICE, T["T_SCG"]))

GZIP_ALWAYS = {"gzip": "always"}          # RFC 9110 s12.5.3: no Accept-Encoding means any coding is acceptable
GZIP_ASKED = {"gzip": "if-asked"}
COND = ('{"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":'
        '[{"type":"text","text":"Deployed to staging"}]}]}}')
ISSUE_JSON = '{"fields":{"project":{"key":"ACME"},"summary":"Nightly build failed","issuetype":{"name":"Bug"}}}'
SITE_ENV = {"ATLASSIAN_SITE": "{SITE}"}

# ------------------------------------------------------------------ A. real-world curl commands
case("ok-rw-docs-conf-v2-page", "Copied the Confluence v2 'Get page by id' snippet from developer.atlassian.com",
     W(), OK, curl="curl --request GET \\\n  --url '{SITE}/wiki/api/v2/pages/99305' \\\n  --user '{ALICE}:{T_CLASSIC}' \\\n"
                   "  --header 'Accept: application/json'\n", why="docs/atlassian/cloud.md#credential-kinds classic token Basic on the site")
case("ok-rw-docs-jsm", "JSM docs snippet: GET /rest/servicedeskapi/servicedesk with --user and Accept",
     W(), OK, curl="curl --request GET \\\n  --url '{SITE}/rest/servicedeskapi/servicedesk' \\\n  --user '{ALICE}:{T_CLASSIC}' \\\n"
                   "  --header 'Accept: application/json'", why="docs/atlassian/cloud.md#credential-kinds")
case("ok-rw-b64-literal-issue", "Authorization: Basic $(echo -n me:token | base64 -w0) already expanded, Jira v2 issue",
     W(), OK, curl='curl -s -H "Authorization: Basic {B64_GOOD}" -H "Accept: application/json" "{SITE}/rest/api/2/issue/ACME-1"',
     why="docs/atlassian/cloud.md#basic-header-encoding: -n and -w0 give a correct header")
case("malformed-rw-b64-wrap76", "Built the header with echo -n ... | base64 (no -w0): value broken over 4 lines",
     W(), P("malformed-basic-header"), curl='curl -s -H "Authorization: Basic {B64_WRAP76}" "{SITE}/rest/api/3/myself"',
     why="docs/atlassian/cloud.md#basic-header-encoding GNU base64 wraps at 76; docs/causes/malformed-basic-header.md 'wraps'")
case("malformed-rw-echo-nl-wrap76", "echo me:token | base64 (no -n, no -w0) in the Authorization header",
     W(), P("malformed-basic-header"), curl='curl -s -H "Authorization: Basic {B64_NL_WRAP76}" -H "Accept: application/json" '
                                          '"{SITE}/wiki/rest/api/space?limit=10"', why="docs/atlassian/cloud.md#basic-header-encoding newline + wrapping")
case("malformed-rw-openssl-wrap64-gw", "openssl base64 (wraps at 64) of scoped token for the gateway",
     W(), P("malformed-basic-header"),
     curl='curl -s -H "Authorization: Basic {B64_SC_WRAP64}" "{GW}/ex/confluence/{CID}/wiki/rest/api/space"', env=SITE_ENV,
     why="docs/atlassian/cloud.md#basic-header-encoding openssl wraps at 64 unless -A")
case("malformed-rw-env-auth-wrapped", "AUTH=$(echo -n $E:$T | base64); curl -H \"Authorization: Basic $AUTH\"",
     W(), P("malformed-basic-header"), curl='curl -s -H "Authorization: Basic $AUTH" {SITE}/wiki/rest/api/space',
     env={"AUTH": "{B64_WRAP76}"}, why="docs/atlassian/cloud.md#basic-header-encoding; the variable holds the wrapped value")
case("malformed-rw-env-auth-echo-nl-gw", "AUTH=$(echo $E:$T | base64 -w0) for a scoped Confluence token on the gateway",
     W(), P("malformed-basic-header"),
     curl='curl -s -H "Authorization: Basic ${AUTH}" "{GW}/ex/confluence/{CID}/wiki/api/v2/spaces?limit=5"',
     env={"AUTH": "{B64_NL_SCG}", "ATLASSIAN_SITE": "{SITE}"}, why="docs/atlassian/cloud.md#basic-header-encoding JRACLOUD-72920 newline")
case("ok-rw-env-auth-printf", "AUTH=$(printf '%s' $E:$T | base64 -w0) in a variable",
     W(), OK, curl='curl -s -H "Authorization: Basic $AUTH" -H "Accept: application/json" "{SITE}/rest/api/3/myself"',
     env={"AUTH": "{B64_GOOD}"})
case("ok-rw-b64-literal-gw-scoped", "hand-built Basic header with a scoped Jira token on the gateway",
     W(), OK, curl='curl -s -H "Authorization: Basic {B64_SJ}" "{GW}/ex/jira/{CID}/rest/api/3/project/search"', env=SITE_ENV,
     why="docs/atlassian/cloud.md#gateway-scheme Basic on the gateway")
case("ok-rw-data-raw-comment", "POST a comment with --data-raw (ADF body)",
     W(), OK, curl="curl -s -X POST -u {ALICE}:{T_CLASSIC} \\\n  -H 'Content-Type: application/json' \\\n  -H 'Accept: application/json' \\\n"
                   "  --data-raw '" + COND + "' \\\n  {SITE}/rest/api/3/issue/ACME-1/comment",
     why="a write with a working credential and a curl UA")
case("ok-rw-data-binary-file", "PUT a Confluence page update from a file with --data-binary @page.json",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} -X PUT -H 'Content-Type: application/json' --data-binary @page.json "
                   "{SITE}/wiki/rest/api/content/99305")
case("scoped-rw-json-create", "curl --json create issue with my new 'API token with scopes' -> 401",
     W(), P("scoped-token-on-site-url"), curl="curl -s --json '" + ISSUE_JSON + "' -u {ALICE}:{T_SJ} {SITE}/rest/api/3/issue",
     why="docs/atlassian/cloud.md#scoped-token-on-site: the site refuses the scoped token; the gateway accepts it")
case("ok-rw-attach-upload", "upload an attachment with -F file=@ and X-Atlassian-Token: no-check",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} -X POST -H 'X-Atlassian-Token: no-check' -F 'file=@screenshot.png' "
                   "{SITE}/rest/api/3/issue/ACME-1/attachments")
case("ok-rw-G-cql", "Confluence CQL search with -G --data-urlencode 'cql=space = ENG and type = page'",
     W(), OK, curl="curl -sS -G -u {ALICE}:{T_CLASSIC} --data-urlencode 'cql=space = ENG and type = page' -d limit=10 "
                   "{SITE}/wiki/rest/api/search")
case("ok-rw-G-jql-orderby", "-G -d maxResults=5 --data-urlencode 'jql=assignee = currentUser() ORDER BY created DESC'",
     W(), OK, curl="curl -G -s -u {ALICE}:{T_CLASSIC} -d maxResults=5 --data-urlencode 'jql=assignee = currentUser() ORDER BY created DESC' "
                   "-d fields=summary,status \"{SITE}/rest/api/3/search/jql\"", why="docs/atlassian/cloud.md#jira-measured: search/jql without jql is a 400")
case("ok-rw-i-flag", "curl -i to see headers, /myself works",
     W(site={"seraph": True}), OK, curl="curl -i -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself")
case("ok-rw-v-content-expand", "curl -v Confluence content by id with expand=body.storage,version",
     W(), OK, curl='curl -v --user {ALICE}:{T_CLASSIC} -H "Accept: application/json" '
                   '"{SITE}/wiki/rest/api/content/99305?expand=body.storage,version"')
case("ok-rw-fail-with-body-agile", "--fail-with-body -sS on the agile boards endpoint",
     W(), OK, curl="curl --fail-with-body -sS -u {ALICE}:{T_CLASSIC} '{SITE}/rest/agile/1.0/board?maxResults=50'")
case("ok-rw-compressed-gzip", "curl -sSf --compressed project search; server gzips when asked",
     W(transport=GZIP_ASKED), OK,
     curl='curl -sSf --compressed -u {ALICE}:{T_CLASSIC} "{SITE}/rest/api/3/project/search?maxResults=50&orderBy=key"')
case("ok-rw-o-devnull-w", "health check: curl -s -o /dev/null -w '%{http_code}' prints 200 (I think?)",
     W(), OK, curl="curl -s -o /dev/null -w '%{http_code}\\n' -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself")
case("scoped-rw-o-devnull-w", "-o /dev/null -w \"%{http_code}\" prints 401 for Confluence with my scoped token",
     W(), P("scoped-token-on-site-url"),
     curl='curl -s -o /dev/null -w "%{http_code}" --user {ALICE}:{T_SC} "{SITE}/wiki/rest/api/space?limit=1&type=global"',
     why="docs/atlassian/cloud.md#scoped-token-on-site docs/atlassian/cloud.md#tomcat-401")
case("ok-rw-double-quoted-amp", "double-quoted search/jql URL with several & parameters",
     W(), OK, curl='curl -s -u "{ALICE}:{T_CLASSIC}" "{SITE}/rest/api/3/search/jql?jql=project%20%3D%20ACME&fields=summary,status&maxResults=50"')
case("ok-rw-braces-env", "curl --user \"${ATLASSIAN_EMAIL}:${ATLASSIAN_API_TOKEN}\" \"${ATLASSIAN_SITE}/rest/api/3/myself\"",
     W(), OK, curl='curl -s --user "${ATLASSIAN_EMAIL}:${ATLASSIAN_API_TOKEN}" -H \'Accept: application/json\' "${ATLASSIAN_SITE}/rest/api/3/myself"',
     env={"ATLASSIAN_EMAIL": "{ALICE}", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}", "ATLASSIAN_SITE": "{SITE}"})
case("ok-rw-jira-env-names", "script with $JIRA_URL, $JIRA_USERNAME, $JIRA_API_TOKEN",
     W(), OK, curl='curl -s -u "$JIRA_USERNAME:$JIRA_API_TOKEN" "$JIRA_URL/rest/api/2/issue/ACME-1"',
     env={"JIRA_USERNAME": "{ALICE}", "JIRA_API_TOKEN": "{T_CLASSIC}", "JIRA_URL": "{SITE}"})
LONG = ("curl --silent --show-error --fail \\\n  --max-time 30 \\\n  --retry 3 \\\n  --connect-timeout 5 \\\n  -X GET \\\n"
        "  -H \"Accept: application/json\" \\\n  -H \"Content-Type: application/json\" \\\n  -u \"{ALICE}:%s\" \\\n"
        "  \"{SITE}/rest/api/3/search/jql?jql=project%%3DACME%%20AND%%20status%%3D%%22To%%20Do%%22&maxResults=100\"\n")
case("ok-rw-long-multiline", "long CI script curl with --max-time/--retry/--connect-timeout continuations",
     W(), OK, curl=LONG % "{T_CLASSIC}")
case("creds-rw-long-multiline-expired", "same CI curl returns 200 with no issues since May 2026",
     W(), P("credentials-rejected"), curl=LONG % "{T_EXP}", why="docs/atlassian/cloud.md#token-expiry expiry; docs/atlassian/cloud.md#expired-token anonymous fallback; docs/atlassian/cloud.md#empty-results")
case("ok-rw-pipe-jq", "curl ... | jq '.values[].key' pasted with the pipe",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/project/search | jq '.values[].key'",
     why="AMBIGUOUS: a pipeline is not a bare curl command; forum posts paste it so")
case("ok-rw-shell-prompt", "command pasted with the '$ ' shell prompt in front",
     W(), OK, curl="$ curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space",
     why="AMBIGUOUS: prompt is not part of the command")
case("ok-rw-plus-email", "my login email has a +alias (alice.nguyen+jira@...)",
     W(), OK, curl="curl -s -u '{PLUS}:{T_PLUS}' -H 'Accept: application/json' {SITE}/rest/api/3/myself")
case("ok-rw-header-after-url-k-L", "URL first, then -u, -k, --location, -H",
     W(), OK, curl='curl "{SITE}/rest/api/2/issue/ACME-1?fields=summary" -u {ALICE}:{T_CLASSIC} -k --location -H "Accept: application/json"')

# ------------------------------------------------------------------ B. endpoints, site and gateway
case("ok-ep-issue-v2-url", "--url Jira v2 issue GET with classic token",
     W(), OK, form="url", url="{SITE}/rest/api/2/issue/ACME-1", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("ok-ep-gw-search-jql", "scoped Jira token: search/jql through api.atlassian.com with -G",
     W(), OK, curl="curl -sS -G -u {ALICE}:{T_SJ} --data-urlencode 'jql=project = ACME' {GW}/ex/jira/{CID}/rest/api/3/search/jql",
     env=SITE_ENV, why="docs/atlassian/cloud.md#gateway-urls Jira gateway form")
case("ok-ep-gw-issue-v2-url", "--url gateway v2 issue with scoped Jira token",
     W(), OK, form="url", url="{GW}/ex/jira/{CID}/rest/api/2/issue/ACME-1", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"})
case("ok-ep-gw-agile", "scoped token with read:board-scope:jira-software on /rest/agile/1.0/board via gateway",
     W(), OK, curl="curl -s -u {ALICE}:{T_SAGILE} '{GW}/ex/jira/{CID}/rest/agile/1.0/board?maxResults=50'", env=SITE_ENV,
     why="docs/atlassian/cloud.md#gateway-urls example path; docs/atlassian/cloud.md#scopes jira-software scopes")
case("ok-ep-gw-jsm", "JSM servicedesk list via the gateway with a JSM-scoped token",
     W(), OK, curl="curl -s -u {ALICE}:{T_SJSM} -H 'Accept: application/json' {GW}/ex/jira/{CID}/rest/servicedeskapi/servicedesk",
     env=SITE_ENV)
case("scope-missing-gw-jsm", "Jira-platform scoped token on JSM servicedesk via gateway -> scope does not match",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/servicedeskapi/servicedesk", env=SITE_ENV,
     why="docs/atlassian/cloud.md#gateway-scope-check")
case("scoped-site-jsm", "JSM-scoped token on mysite.atlassian.net/rest/servicedeskapi/servicedesk -> 401",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJSM} {SITE}/rest/servicedeskapi/servicedesk",
     why="docs/atlassian/cloud.md#scoped-token-on-site Jira: handled as anonymous; gateway accepts")
case("ok-ep-gw-conf-v2-page-id", "v2 page by id through the gateway, granular token",
     W(), OK, curl="curl -s -u {ALICE}:{T_SCG} {GW}/ex/confluence/{CID}/wiki/api/v2/pages/99305", env=SITE_ENV)
case("ok-ep-gw-conf-content-expand", "v1 content?expand=body.storage through the gateway, classic-scoped token",
     W(), OK, form="url", url="{GW}/ex/confluence/{CID}/wiki/rest/api/content/99305?expand=body.storage", email="{ALICE}",
     site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_SC}"})
case("ok-ep-gw-conf-search-cql", "v1 CQL search through the gateway with search:confluence",
     W(), OK, curl="curl -s -u {ALICE}:{T_SC} '{GW}/ex/confluence/{CID}/wiki/rest/api/search?cql=type%3Dpage&limit=5'",
     env=SITE_ENV)
case("scope-missing-gw-conf-search-granular", "granular-only token on v1 search (needs search:confluence)",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SCG} '{GW}/ex/confluence/{CID}/wiki/rest/api/search?cql=type%3Dpage'",
     env=SITE_ENV, why="docs/atlassian/cloud.md#gateway-scope-check")
case("scope-missing-gw-conf-attachments-v2", "CONFCLOUD-75668-like: v2 attachments on gateway, scope does not match",
     W(), P("scope-missing"), form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/attachments?limit=10", email="{ALICE}",
     site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_SCG}"}, why="docs/atlassian/cloud.md#gateway-scope-check CONFCLOUD-75668")
case("ok-ep-conf-attachments-site", "list a page's attachments (v1 child/attachment), classic token",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/wiki/rest/api/content/99305/child/attachment?limit=50'")
case("scoped-site-conf-search-cql", "scoped Confluence token, CQL search on the site -> 401",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SC} '{SITE}/wiki/rest/api/search?cql=space%3DENG'",
     why="docs/atlassian/cloud.md#tomcat-401 / docs/atlassian/cloud.md#scoped-token-on-site")
case("scoped-site-conf-attachments", "scoped granular token on site child/attachment -> 401",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SCG} {SITE}/wiki/rest/api/content/99305/child/attachment",
     why="docs/atlassian/cloud.md#scoped-token-on-site; gateway identity 200 proves the token")
case("creds-ep-agile-expired", "agile board 401 'Client must be authenticated' with an expired token",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/agile/1.0/board", why="docs/atlassian/cloud.md#expired-token")
case("creds-ep-jsm-revoked", "JSM servicedesk 401 after token revoked (leaked to a public repo)",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_REV} -H 'Accept: application/json' {SITE}/rest/servicedeskapi/servicedesk",
     why="docs/atlassian/cloud.md#revoked-token")
case("oauth-site-conf-content-id", "3LO access token on site content?expand=body.storage",
     W(), P("oauth-token-on-site-url"),
     curl='curl -s -H "Authorization: Bearer {JWT_FULL}" "{SITE}/wiki/rest/api/content/99305?expand=body.storage"',
     why="docs/atlassian/cloud.md#oauth-3lo: 3LO on the site domain gets 401")
case("oauth-site-conf-public-v1", "3LO token on a public wiki's v1 space list",
     W(site={"conf_public": True}), P("oauth-token-on-site-url"),
     curl='curl -s -H "Authorization: Bearer {JWT_FULL}" -H "Accept: application/json" {SITE}/wiki/rest/api/space')
case("oauth-site-agile", "Forge/3LO token on site agile board",
     W(), P("oauth-token-on-site-url"), curl='curl -s -H "Authorization: Bearer {JWT_FULL}" {SITE}/rest/agile/1.0/board')

# ------------------------------------------------------------------ C. unusual but valid answers
case("ok-tr-gzip-always", "server gzips every JSON answer (Content-Encoding: gzip) even unasked",
     W(transport=GZIP_ALWAYS), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     why="RFC 9110 s12.5.3")
case("ip-tr-gzip", "IP allowlist body arrives gzip-encoded",
     W(site={"global": {"kind": "ip"}}, transport=GZIP_ALWAYS), P("ip-not-allowed"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#ip-allowlist; the body is the only evidence")
case("bearer-tr-gzip", "Failed to parse Connect Session Auth Token, gzip-encoded",
     W(transport=GZIP_ALWAYS), P("bearer-instead-of-basic"),
     curl='curl -s -H "Authorization: Bearer {T_CLASSIC}" {SITE}/rest/api/3/myself', env={"ATLASSIAN_EMAIL": "{ALICE}"},
     why="docs/atlassian/cloud.md#connect-session-token")
case("scope-missing-tr-gzip-bodyonly", "gateway scope mismatch body only (no header), gzip-encoded",
     W(gateway={"scope_header": False}, transport=GZIP_ALWAYS), P("scope-missing"),
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/agile/1.0/board", env=SITE_ENV, why="docs/atlassian/cloud.md#gateway-scope-check body")
case("scoped-tr-gzip-compressed-conf", "--compressed; scoped Confluence token on site; gzip when asked",
     W(transport=GZIP_ASKED), P("scoped-token-on-site-url"),
     curl="curl -s --compressed -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#tomcat-401")
case("scoped-tr-gzip-always-tenant", "scoped Jira token on site; every answer (tenant_info too) gzip-encoded",
     W(transport=GZIP_ALWAYS), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself",
     why="docs/atlassian/cloud.md#client-must-be-authenticated + gateway 200; needs tenant_info's cloudId")
case("ok-tr-chunked-conf", "chunked transfer encoding on every answer, Confluence v2 spaces",
     W(transport={"chunked": True}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/wiki/api/v2/spaces?limit=25'")
case("missing-wiki-tr-chunked", "null for uri (XML), chunked", W(transport={"chunked": True}), P("missing-wiki-prefix"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/api/content?title=Home'", why="docs/atlassian/cloud.md#null-for-uri")
case("removed-api-tr-chunked-german", "German 410 removal message, chunked",
     W(site={"removed_body": GERMAN_410}, transport={"chunked": True}), P("removed-api"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/api/3/search?jql=project=ACME'", why="docs/atlassian/cloud.md#url-mistakes localized")
case("ok-tr-close-gateway", "Connection: close on every answer; scoped token on the gateway",
     W(transport={"close": True}), OK, curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV)
case("scoped-tr-close-public-wiki", "Connection: close; public wiki; scoped token 401, foo:bar 200",
     W(site={"conf_public": True}, transport={"close": True}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#tomcat-401")
case("ok-tr-big-projects", "site with 20 000 projects: project/search answer is ~3 MB",
     W(site={"big_projects": 20000}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/api/3/project/search?maxResults=50'")
case("scoped-tr-big-public-spaces", "public wiki with 15 000 public spaces (~2 MB list); scoped token 401",
     W(site={"conf_public": True, "big_spaces": 15000}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#tomcat-401")
case("creds-tr-big-public-projects", "expired token; anonymous sees 20 000 public projects (~3 MB)",
     W(site={"big_projects": 20000, "big_public": True}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/3/project/search", why="docs/atlassian/cloud.md#empty-results + docs/atlassian/cloud.md#jira-anonymous")
case("ok-tr-arequestid-seraph-ok", "X-Arequestid + ATL-TraceId on every answer, X-Seraph-LoginReason: OK on successes",
     W(site={"seraph": "ok-only"}, transport={"arequestid": True}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/2/myself", why="docs/atlassian/cloud.md#x-seraph-loginreason OK on success")
case("creds-tr-arequestid", "expired token; X-Arequestid on every answer; AUTHENTICATED_FAILED",
     W(site={"seraph": True}, transport={"arequestid": True}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/2/myself", why="docs/atlassian/cloud.md#headers")
case("creds-tr-www-multi", "expired token; /myself 401 with two WWW-Authenticate challenges (OAuth + Basic)",
     W(site={"www_auth": "multi"}), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/3/myself")
case("scoped-tr-www-plain", "scoped Jira token; WWW-Authenticate realm not percent-encoded",
     W(site={"www_auth": "oauth-plain"}), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself")
case("creds-tr-www-lower", "email typo; /myself 401 with 'oauth realm=..., oauth_problem=...'",
     W(site={"www_auth": "oauth-lower"}), P("credentials-rejected"),
     curl="curl -s -u alice.nguyen@acme-corp.co:{T_CLASSIC} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#jira-measured PR #114")
case("creds-tr-www-none", "revoked token; /myself 401 without WWW-Authenticate",
     W(site={"www_auth": "none"}), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_REV} {SITE}/rest/api/3/myself")
case("ok-tr-http10", "answers are HTTP/1.0 with Content-Length", W(transport={"http10": True}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself")
case("ok-tr-http10-nolength", "HTTP/1.0 answers without Content-Length (body ends at close), Confluence",
     W(transport={"http10": True, "no_length": True}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space")
case("password-tr-http10-nolength", "password; deprecation text over HTTP/1.0 without Content-Length",
     W(transport={"http10": True, "no_length": True}), P("password-instead-of-token"),
     curl="curl -s -u {ALICE}:{PASSWORD} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#password-deprecated docs/atlassian/cloud.md#password-deprecated")
case("ok-tr-bom", "every JSON body starts with a UTF-8 BOM", W(transport={"bom": True}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/project/search",
     why="AMBIGUOUS-ish: RFC 8259 s8.1 senders MUST NOT add a BOM; parsers MAY ignore it")
case("scoped-tr-bom-tenant", "scoped Jira token on site; JSON (tenant_info too) starts with a BOM",
     W(transport={"bom": True}), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself",
     why="AMBIGUOUS: BOM on tenant_info (RFC 8259 s8.1)")
case("ip-tr-bom", "IP allowlist body with a BOM", W(site={"global": {"kind": "ip"}}, transport={"bom": True}),
     P("ip-not-allowed"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#ip-allowlist")
case("ok-tr-dc-http10", "Jira DC behind an old proxy: HTTP/1.0, no Content-Length; PAT Bearer",
     W(dc={}, transport={"http10": True, "no_length": True}), OK,
     curl='curl -s -H "Authorization: Bearer {PAT}" {DC}/rest/api/2/myself')
case("pat-as-basic-tr-dc-chunked-close", "Jira DC, chunked + Connection: close; PAT as Basic",
     W(dc={}, transport={"chunked": True, "close": True}), P("pat-sent-as-basic"),
     curl="curl -s -u jsmith:{PAT} {DC}/rest/api/2/myself")

# ------------------------------------------------------------------ D. cause variations
case("rate-limited-site-no-retry-after", "429 with X-RateLimit-* and RateLimit-Reason but no Retry-After",
     W(site={"global": {"kind": "ratelimit_all"},
             "rl_headers": {"X-RateLimit-Limit": "350", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-10-14T09:31:12Z",
                            "RateLimit-Reason": "jira-burst-based"}}),
     P("rate-limited"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#rate-limits")
case("rate-limited-text-body", "429 text/plain 'Too Many Requests' with Retry-After only (Confluence)",
     W(site={"global": {"kind": "ratelimit_all"}, "rl_headers": {"Retry-After": "120"}, "rl_body": "Too Many Requests\n",
             "rl_ctype": "text/plain"}),
     P("rate-limited"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space", why="docs/atlassian/cloud.md#rate-limits")
case("rate-limited-gw-conf-url", "--url gateway Confluence v2: 429 without Retry-After, X-Failure-Category",
     W(gateway={"ratelimit": True}), P("rate-limited"), form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/spaces",
     email="{ALICE}", site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_SCG}"}, why="docs/atlassian/cloud.md#rate-limits gateway 429")
case("rate-limited-gw-bare", "gateway 429 with only X-Ratelimit-Limit (no Retry-After, no X-Failure-Category)",
     W(gateway={"ratelimit": True, "ratelimit_headers": {"X-Ratelimit-Limit": "360000"}}), P("rate-limited"),
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/search/jql?jql=project%3DACME", env=SITE_ENV, why="docs/atlassian/cloud.md#rate-limits: 429")
case("removed-api-german-gateway", "German 410 through the gateway with a scoped token",
     W(site={"removed_body": GERMAN_410}), P("removed-api"),
     curl="curl -s -u {ALICE}:{T_SJ} '{GW}/ex/jira/{CID}/rest/api/3/search?jql=project%3DACME'", env=SITE_ENV, why="docs/atlassian/cloud.md#url-mistakes")
case("removed-api-G", "curl -G --data-urlencode 'jql=project = ABC' on the old /rest/api/2/search",
     W(), P("removed-api"), curl="curl -s -G -u {ALICE}:{T_CLASSIC} --data-urlencode 'jql=project = ACME' {SITE}/rest/api/2/search",
     why="docs/atlassian/cloud.md#removed-api")
case("ip-not-allowed-gw-conf-url", "--url gateway Confluence: IP rejected body",
     W(gateway={"ip": True}, site={"global": {"kind": "ip"}}), P("ip-not-allowed"), form="url",
     url="{GW}/ex/confluence/{CID}/wiki/rest/api/space", email="{ALICE}", site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_SC}"},
     why="docs/atlassian/cloud.md#ip-allowlist")
case("ip-not-allowed-gw-no-site", "gateway IP rejection, no site given",
     W(gateway={"ip": True}, site={"global": {"kind": "ip"}}), P("ip-not-allowed"),
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/myself", why="docs/atlassian/cloud.md#ip-allowlist: the body names the cause")
case("captcha-dc-conf", "Confluence DC: CAPTCHA_CHALLENGE after failed logins",
     W(dc={"product": "confluence", "context": "/confluence",
           "users": [{"username": "jsmith", "password": "S3cure-Pass!", "pats": [PAT], "captcha": True}]}),
     P("captcha-required"), curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/confluence/rest/api/space", why="docs/atlassian/data-center.md#captcha")
case("captcha-dc-jira-401-seraph-only", "Jira DC 401 with only X-Seraph-LoginReason: AUTHENTICATION_DENIED",
     W(dc={"captcha_status": 401, "captcha_drop": ["X-Authentication-Denied-Reason"],
           "users": [{"username": "jsmith", "password": "S3cure-Pass!", "pats": [PAT], "captcha": True}]}),
     P("captcha-required"), curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/rest/api/2/myself", why="docs/atlassian/data-center.md#captcha 'and/or'; docs/atlassian/data-center.md#captcha")
case("scope-missing-agile-sprint", "sprints of board 1 via gateway: token lacks jira-software scopes",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SJ} '{GW}/ex/jira/{CID}/rest/agile/1.0/board/1/sprint?state=active'",
     env=SITE_ENV, why="docs/atlassian/cloud.md#scopes jira-software scopes")
case("scope-missing-agile-url-form", "--url gateway agile board, token with platform scopes only",
     W(), P("scope-missing"), form="url", url="{GW}/ex/jira/{CID}/rest/agile/1.0/board", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"}, why="docs/atlassian/cloud.md#scopes qaq-p/3062781")
case("wrong-cloud-id-no-site", "cloudId from another site, no ATLASSIAN_SITE given",
     W(), [("problem", "wrong-cloud-id"), ("inconclusive", {"wrong-cloud-id"})],
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{OTHER_CID}/rest/api/3/myself",
     why="docs/diagnosis.md#the-rules-in-order: inconclusive with the right candidates is acceptable")
case("wrong-cloud-id-no-site-conf-url", "--url gateway Confluence with a sandbox cloudId, no --site",
     W(), [("problem", "wrong-cloud-id"), ("inconclusive", {"wrong-cloud-id"})], form="url",
     url="{GW}/ex/confluence/{OTHER_CID}/wiki/api/v2/spaces", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_SCG}"})
case("wrong-cloud-id-conf-site", "wrong cloudId in a Confluence gateway URL, site given",
     W(), P("wrong-cloud-id"), curl="curl -s -u {ALICE}:{T_SC} {GW}/ex/confluence/{OTHER_CID}/wiki/rest/api/space", env=SITE_ENV)
case("session-endpoint-get", "GET /rest/auth/1/session to check whether I'm logged in",
     W(), P("session-endpoint-removed"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/auth/1/session",
     why="docs/causes/README.md: 'that path is used against a Cloud site'")
case("session-endpoint-get-url", "--url /rest/auth/1/session (old Jira Server habit)",
     W(), P("session-endpoint-removed"), form="url", url="{SITE}/rest/auth/1/session", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("creds-gw-scoped-expired", "scoped Jira token expired after its 1-year limit; gateway 401",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_SJ_EXP} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV,
     why="docs/atlassian/cloud.md#token-expiry expiry; gateway refuses without scope-check")
case("creds-gw-scoped-expired-conf-url", "--url gateway Confluence v2 with an expired scoped token",
     W(), P("credentials-rejected"), form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/pages?limit=5", email="{ALICE}",
     site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_SC_EXP}"})
case("creds-gw-scoped-expired-noheader", "expired scoped token; gateway 401 without X-Failure-Category",
     W(gateway={"auth_mismatch_header": False}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_SJ_EXP} {GW}/ex/jira/{CID}/rest/agile/1.0/board", env=SITE_ENV)
case("creds-other-account-conf-curl", "token created on my personal account, my work email in -u (Confluence)",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_BOB} {SITE}/wiki/rest/api/content?limit=5",
     why="docs/atlassian/cloud.md#jira-measured PR #114 valid token + different email")
case("creds-other-account-gw-classic", "another account's classic token with my email on the gateway",
     W(), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_BOB} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV,
     why="docs/atlassian/cloud.md#gateway-auth-mismatch reading 'different accounts'")
case("creds-other-account-public-wiki", "public wiki: another account's token answered as anonymous (200)",
     W(site={"conf_public": True}), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_BOB} {SITE}/wiki/rest/api/space",
     why="docs/atlassian/cloud.md#confluence-anonymous public site fallback")
case("scoped-svc-conf-site-url", "service account (…@serviceaccount.atlassian.com) scoped token on site Confluence",
     W(), P("scoped-token-on-site-url"), form="url", url="{SITE}/wiki/rest/api/space", email="{SVC}",
     env={"ATLASSIAN_API_TOKEN": "{T_SVCC}"}, why="docs/atlassian/cloud.md#credential-kinds, docs/atlassian/cloud.md#service-account-kb KB")
case("scoped-svc-jira-site-issue", "service account scoped token, Jira issue 404 on the site",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {SVC}:{T_SVC} -H 'Accept: application/json' {SITE}/rest/api/3/issue/ACME-1",
     why="docs/atlassian/cloud.md#issue-not-visible + gateway 200")
case("ok-svc-conf-gateway", "service account scoped Confluence token on the gateway (Basic)",
     W(), OK, curl="curl -s -u {SVC}:{T_SVCC} {GW}/ex/confluence/{CID}/wiki/rest/api/space", env=SITE_ENV)

# ------------------------------------------------------------------ E. more command shapes and cause variations
T["T_SJ_TRUNC"] = T["T_SJ"][:-6]
case("ok-ep-gw-search-jql-inline", "same gateway search/jql, jql written into the URL (no -G)",
     W(), OK, curl="curl -sS -u {ALICE}:{T_SJ} '{GW}/ex/jira/{CID}/rest/api/3/search/jql?jql=project%20%3D%20ACME'", env=SITE_ENV,
     why="control for ok-ep-gw-search-jql")
case("scoped-rw-G-site", "scoped token on the site with -G --data-urlencode jql -> 200 with no issues",
     W(), P("scoped-token-on-site-url"),
     curl="curl -s -G -u {ALICE}:{T_SJ} --data-urlencode 'jql=project = ACME' {SITE}/rest/api/3/search/jql", why="docs/atlassian/cloud.md#empty-results + gateway 200")
case("ok-rw-lowercase-basic-scheme", "-H 'authorization: basic ...' all lower case (scheme is case-insensitive)",
     W(), OK, curl="curl -s -H 'authorization: basic {B64_GOOD}' {SITE}/rest/api/3/myself", why="RFC 9110 s11.1")
case("ok-rw-header-no-space", "-H 'Authorization:Basic ...' without a space after the colon",
     W(), OK, curl="curl -s -H 'Authorization:Basic {B64_GOOD}' -H 'Accept:application/json' {SITE}/wiki/rest/api/space")
case("ok-rw-attached-short-opts", "curl -sSLk -XGET -uEMAIL:TOKEN -H'Accept: application/json' URL",
     W(), OK, curl="curl -sSLk -XGET -u{ALICE}:{T_CLASSIC} -H'Accept: application/json' {SITE}/rest/api/3/myself")
case("ok-rw-basic-flag", "curl --basic --user ... (explicit Basic)",
     W(), OK, curl="curl --basic --user {ALICE}:{T_CLASSIC} {SITE}/rest/agile/1.0/board")
case("ok-rw-split-quotes", "-u \"$ATLASSIAN_EMAIL\":\"$ATLASSIAN_API_TOKEN\" (adjacent quoted words)",
     W(), OK, curl='curl -s -u "$ATLASSIAN_EMAIL":"$ATLASSIAN_API_TOKEN" "{SITE}/wiki/api/v2/pages?limit=5"',
     env={"ATLASSIAN_EMAIL": "{ALICE}", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("ok-tr-deflate", "answers Content-Encoding: deflate", W(transport={"deflate": True}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", why="RFC 9110 s8.4.1.2")
case("ok-tr-close-delimited", "HTTP/1.1 answers with Connection: close and no Content-Length",
     W(transport={"close": True, "no_length": True}), OK, curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/myself",
     env=SITE_ENV, why="RFC 9112 s6.3")
case("scoped-tr-close-delimited-conf", "close-delimited answers; scoped Confluence token on private site",
     W(transport={"close": True, "no_length": True}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SCG} {SITE}/wiki/api/v2/pages/99305", why="docs/atlassian/cloud.md#scoped-token-on-site Confluence v2")
case("ok-dc-conf-compressed", "Confluence DC, --compressed, gzip when asked, username:password",
     W(dc={"product": "confluence", "context": "/confluence"}, transport=GZIP_ASKED), OK,
     curl="curl -s --compressed -u 'jsmith:S3cure-Pass!' {DC}/confluence/rest/api/content?spaceKey=DOC")
case("username-gw", "username (no @) as the login on the gateway",
     W(), P("username-instead-of-email"), curl="curl -s -u anguyen:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV)
case("password-gw", "Atlassian password on the gateway URL",
     W(), P("password-instead-of-token"), curl="curl -s -u {ALICE}:{PASSWORD} {GW}/ex/confluence/{CID}/wiki/rest/api/space",
     env=SITE_ENV)
case("mangled-gw-truncated-scoped", "scoped token lost its last 6 characters in copy-paste (gateway)",
     W(), P("token-mangled"), curl="curl -s -u {ALICE}:{T_SJ_TRUNC} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV, why="docs/atlassian/cloud.md#token-crc32 CRC")
case("empty-gw-unset-var", "CI secret not passed: -u \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\" on the gateway",
     W(), P("empty-credentials"), curl='curl -s -u "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN" {GW}/ex/jira/{CID}/rest/api/3/myself',
     env={"ATLASSIAN_EMAIL": "{ALICE}", "ATLASSIAN_SITE": "{SITE}"})
case("bearer-pat-on-cloud-conf", "migrated Confluence to Cloud, still sending the DC PAT as Bearer",
     W(), P("bearer-pat-on-cloud"), curl='curl -s -H "Authorization: Bearer {PAT}" {SITE}/wiki/rest/api/space')
case("missing-wiki-search-url", "--url /rest/api/search?cql=... on a Confluence site without /wiki",
     W(), P("missing-wiki-prefix"), form="url", url="{SITE}/rest/api/search?cql=type%3Dpage", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/atlassian/cloud.md#null-for-uri")
case("no-product-access-gw-conf", "no Confluence licence: gateway Confluence 'Current user not permitted'",
     W(), P("no-product-access"), curl="curl -s -u {CAROL}:{T_CAROL} {GW}/ex/confluence/{CID}/wiki/rest/api/space", env=SITE_ENV,
     why="docs/atlassian/cloud.md#confluence-cannot-access / docs/atlassian/cloud.md#no-product-access; Jira /myself accepts the account")
case("custom-domain-url-form", "--url through the custom domain docs.acme.com (AX-649)",
     W(custom=True), P("custom-domain-unsupported"), form="url", url="{CUSTOM}/rest/api/3/myself", email="{ALICE}",
     site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("ok-rw-G-d-gw", "-G -d 'jql=project%3DACME' -d maxResults=1 to search/jql on the gateway (scoped token)",
     W(), OK, curl="curl -s -G -u {ALICE}:{T_SJ} -d 'jql=project%3DACME' -d 'maxResults=1' {GW}/ex/jira/{CID}/rest/api/3/search/jql",
     env=SITE_ENV, why="curl -G puts -d data in the query; docs/atlassian/cloud.md#jira-measured search/jql without jql is a 400")
case("ok-gw-issue-not-found-scoped", "typo in the issue key via the gateway: 404 'Issue does not exist', /myself works there",
     W(), P("not-found-or-hidden"), curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/issue/NOPE-1", env=SITE_ENV,
     why="the gateway has no anonymous fallback (unauthenticated -> 401, docs/atlassian/cloud.md#gateway-auth-mismatch): the credential works, the item is missing or hidden")
case("ok-gw-issue-not-found-classic", "classic token via the gateway, key typo -> 404; token also works on the site",
     W(), P("not-found-or-hidden"), curl="curl -s -u {ALICE}:{T_CLASSIC} {GW}/ex/jira/{CID}/rest/api/3/issue/NOPE-1", env=SITE_ENV,
     why="site /myself 200 rules out scoped-token-on-site-url and credentials-rejected")
case("ok-gw-conf-page-not-found-url", "--url gateway v2 page id that does not exist (404), granular token works",
     W(), P("not-found-or-hidden"), form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/pages/424242", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SCG}"}, why="gateway identity and list accept the token")
case("ok-rw-comment-line", "pasted with a '# check who I am' comment line above the curl",
     W(), OK, curl="# check who I am\ncurl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself\n",
     why="AMBIGUOUS: a comment line is not part of the command")

# ================================================================== fifth batch (third blind tester, from docs/atlassian/README.md /
# docs/causes/README.md / README / --help only): the --url form in depth, secrets as users hold them, healthy edge cases,
# outputs beyond the verdict (fix_command; run.py checks every case's output for leaked secrets), and
# honest inconclusives. Fake additions (fake.py, "fifth batch"): delay, transport drop_after, decoded paths,
# identity_status, gateway down_status, JSM /info and /request, admin-only 403s, JQL/CQL syntax 400s, an
# opaque host role.
FRANK = "frank.osei@acme-corp.io"      # SSO + 2FA managed account (docs/atlassian/cloud.md#sso-2fa: API tokens still work)
T["FRANK"] = FRANK
T["T_FRANK"] = fake.atat_token(random.Random(5150))
T["DC_PASSWORD"] = "S3cure-Pass!"
BASE_ACCOUNTS.append({"email": FRANK, "account_id": acct_id(), "display": "Frank Osei", "sso": True, "twofa": True,
                      "tokens": [{"value": T["T_FRANK"], "kind": "classic"}]})
T["ALICE_UP"] = ALICE.upper()
T["ALICE_MIX"] = "Alice.Nguyen@Acme-Corp.IO"
T["CID_UP"] = CID.upper()
# a private space with a personal key (~alice) next to the default ones (docs/atlassian/cloud.md#confluence-anonymous: anonymous sees only public spaces)
SPACES_PERSONAL = [{"key": "ENG", "id": 98305, "name": "Engineering", "public": True},
                   {"key": "HR", "id": 98306, "name": "People", "public": False},
                   {"key": "~alice", "id": 98307, "name": "Alice Nguyen", "public": False}]
SLOW = {"roles": ["site", "gateway"], "seconds": (1.0, 2.0)}
SLOW_TENANT = {"roles": ["site"], "seconds": (4.0, 5.0), "path_re": r"^/_edge/tenant_info"}
GZ_ALL = {"gzip": "always", "roles": ["site", "gateway"]}
T15 = ["--timeout", "15"]


def fix_gw(product, *paths, query=None):
    """fix_command must hold <gateway>/ex/<product>/<site's cloudId><one of paths>, never the wrong cloudId.
    A dropped query string is only a NOTE."""
    def chk(j, ctx):
        fc = j.get("fix_command") or ""
        base = ctx["GW"] + "/ex/" + product + "/" + ctx["CID"]
        out = []
        if not any(base + p in fc for p in paths):
            out.append("FIX: fix_command %r does not contain %s%s" % (fc, base, paths[0]))
        if ctx["OTHER_CID"] in fc:
            out.append("FIX: fix_command keeps the wrong cloudId %s" % ctx["OTHER_CID"])
        if query and query not in fc:
            out.append("NOTE: fix_command drops the query %r" % query)
        return out
    return chk


def warns(j, ctx):
    w = (j.get("inputs") or {}).get("warnings") or []
    return [] if w else ["WARN: no warning in inputs.warnings although two token variables differ (README: 'warns when sources disagree')"]


def both(*fs):
    return lambda j, ctx: [x for f in fs for x in f(j, ctx)]


def IA(*cs):
    return [("inconclusive-any", set(cs))]


SITE_WIKI_ENV = {"ATLASSIAN_SITE": "{SITE}/wiki"}
SITE_SLASH_ENV = {"ATLASSIAN_SITE": "{SITE}/"}
CONF_FIX = ("/wiki/rest/api/space", "/rest/api/space")

# ------------------------------------------------------------------ 1. the --url form in depth
case("u3-ok-jira-flag-site", "--url Jira /myself with --site spelled the same: sanity check before a CI job",
     W(), OK, form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/atlassian/cloud.md#classic-token classic token on the site")
case("u3-ok-conf-env-site-slash", "ATLASSIAN_SITE has a trailing slash (copied from the browser); Confluence v1 spaces",
     W(), OK, form="url", url="{SITE}/wiki/rest/api/space", email="{ALICE}",
     env=dict(SITE_SLASH_ENV, ATLASSIAN_API_TOKEN="{T_CLASSIC}"), why="docs/atlassian/cloud.md#credential-kinds; same site, other spelling")
case("u3-ok-conf-env-site-wiki", "ATLASSIAN_SITE=https://acme.atlassian.net/wiki (how the Confluence UI shows it)",
     W(), OK, form="url", url="{SITE}/wiki/api/v2/pages?limit=5", email="{ALICE}",
     env=dict(SITE_WIKI_ENV, ATLASSIAN_API_TOKEN="{T_CLASSIC}"), why="docs/atlassian/cloud.md#credential-kinds; the /wiki suffix is part of the product path")
case("u3-ok-jira-env-site-wiki-slash", "Jira request, but ATLASSIAN_SITE is the Confluence base URL with /wiki/",
     W(), OK, form="url", url="{SITE}/rest/api/2/issue/ACME-1", email="{ALICE}",
     env={"ATLASSIAN_SITE": "{SITE}/wiki/", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="same host; docs/atlassian/cloud.md#credential-kinds")
case("u3-ok-upper-host-env", "ATLASSIAN_SITE typed in capitals (https://ACME.atlassian.net), --url in lower case",
     W(), OK, form="url", url="{SITEL}/rest/api/3/myself", email="{ALICE}",
     env={"ATLASSIAN_SITE": "{SITEU}/", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="host names are case-insensitive (RFC 3986 s3.2.2)")
case("u3-ok-upper-scheme-host-flag-conf", "--site HTTPS://ACME.ATLASSIAN.NET/wiki/ from an old wiki page; v2 spaces",
     W(), OK, form="url", url="{SITEL}/wiki/api/v2/spaces?limit=10", email="{ALICE}", site="{SITEUU}/wiki/",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="RFC 3986 docs/atlassian/cloud.md#jira-anonymous/s3.2.2 scheme and host are case-insensitive")
case("u3-ok-trailing-slash-projects", "--url .../rest/api/3/project/ with a trailing slash",
     W(), OK, form="url", url="{SITE}/rest/api/3/project/", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("u3-ok-conf-space-slash-site-wiki", "--url .../wiki/rest/api/space/ and --site .../wiki",
     W(), OK, form="url", url="{SITE}/wiki/rest/api/space/", email="{ALICE}", site="{SITE}/wiki",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("u3-ok-percent-issue-key", "issue key percent-encoded by my HTTP library (ACME%2D1)",
     W(), OK, form="url", url="{SITE}/rest/api/3/issue/ACME%2D1", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"},
     why="RFC 3986 s2.1: %2D is '-'; credential works")
case("u3-ok-percent-personal-space", "personal space ~alice, key percent-encoded as %7Ealice",
     W(site={"spaces": SPACES_PERSONAL}), OK, form="url", url="{SITE}/wiki/rest/api/space/%7Ealice", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="private space visible to the user only (docs/atlassian/cloud.md#confluence-anonymous); credential works")
case("u3-ok-conf-expand", "--url content/99305?expand=body.storage,version,ancestors",
     W(), OK, form="url", url="{SITE}/wiki/rest/api/content/99305?expand=body.storage,version,ancestors", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("u3-ok-jira-expand", "--url issue?expand=renderedFields,changelog&fields=summary",
     W(), OK, form="url", url="{SITE}/rest/api/3/issue/ACME-1?expand=renderedFields,changelog&fields=summary", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("u3-ok-email-upper", "--email in capitals (ALICE.NGUYEN@ACME-CORP.IO)",
     W(), OK, form="url", url="{SITE}/wiki/rest/api/content?limit=5", email="{ALICE_UP}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"},
     why="docs/atlassian/cloud.md#jira-measured PR #114: email is case-insensitive")
case("u3-ok-email-mixed-gw", "--email Alice.Nguyen@Acme-Corp.IO, scoped Jira token on the gateway, --site given",
     W(), OK, form="url", url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE_MIX}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"}, why="docs/atlassian/cloud.md#gateway-scheme Basic on the gateway; docs/atlassian/cloud.md#jira-anonymous email case-insensitive")
case("u3-ok-gw-jira-no-site", "--url gateway Jira /myself, scoped token, no --site and no ATLASSIAN_SITE",
     W(), OK, form="url", url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_SJ}"},
     why="docs/atlassian/cloud.md#gateway-urls/s1.5: the gateway answers 200 for this credential; the site is not needed to see that")
case("u3-ok-gw-conf-no-site", "--url gateway Confluence v1 spaces with a classic-scoped token, no site anywhere",
     W(), OK, form="url", url="{GW}/ex/confluence/{CID}/wiki/rest/api/space?limit=5", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SC}"}, why="docs/atlassian/cloud.md#gateway-urls /wiki form; docs/atlassian/cloud.md#scopes read:confluence-space.summary")
case("u3-ok-gw-env-site-wiki-slash", "--url gateway v2 pages, ATLASSIAN_SITE=https://acme.atlassian.net/wiki/",
     W(), OK, form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/pages?limit=5", email="{ALICE}",
     env={"ATLASSIAN_SITE": "{SITE}/wiki/", "ATLASSIAN_API_TOKEN": "{T_SCG}"}, why="docs/atlassian/cloud.md#scopes granular scopes for v2")
case("u3-ok-gw-upper-cid-site", "--url gateway with the site's cloudId, --site in capitals",
     W(), OK, form="url", url="{GW}/ex/jira/{CID}/rest/api/3/project/search", email="{ALICE}", site="{SITEUU}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"})
case("u3-scoped-jira-flag-site-fix", "--url project/search?maxResults=10 with my new scoped token -> empty list; fix?",
     W(), P("scoped-token-on-site-url"), form="url", url="{SITE}/rest/api/3/project/search?maxResults=10", email="{ALICE}",
     site="{SITE}/", env={"ATLASSIAN_API_TOKEN": "{T_SJ}"},
     check=fix_gw("jira", "/rest/api/3/project/search", query="maxResults=10"), why="docs/atlassian/cloud.md#empty-results, docs/atlassian/cloud.md#scoped-token-on-site; docs/causes/scoped-token-on-site-url.md#fix: gateway URL with real cloudId")
case("u3-scoped-conf-env-wiki-fix", "--url content/99305?expand=body.storage, scoped token, ATLASSIAN_SITE=.../wiki",
     W(), P("scoped-token-on-site-url"), form="url", url="{SITE}/wiki/rest/api/content/99305?expand=body.storage",
     email="{ALICE}", env=dict(SITE_WIKI_ENV, ATLASSIAN_API_TOKEN="{T_SC}"),
     check=fix_gw("confluence", "/wiki/rest/api/content/99305", "/rest/api/content/99305", query="expand=body.storage"),
     why="docs/atlassian/cloud.md#tomcat-401 / docs/atlassian/cloud.md#scoped-token-on-site; docs/atlassian/cloud.md#gateway-urls gateway with or without /wiki")
case("u3-scoped-conf-v2-upper-site-fix", "--url v2 page by id, --site in capitals, scoped granular token -> 401",
     W(), P("scoped-token-on-site-url"), form="url", url="{SITEL}/wiki/api/v2/pages/99305", email="{ALICE}", site="{SITEU}",
     env={"ATLASSIAN_API_TOKEN": "{T_SCG}"}, check=fix_gw("confluence", "/wiki/api/v2/pages/99305", "/api/v2/pages/99305"),
     why="docs/atlassian/cloud.md#scoped-token-on-site Confluence v2 (qaq-p/3023662)")
case("u3-scoped-jsm-request-fix", "JSM 'my requests' with a JSM-scoped token on the site -> 401",
     W(), P("scoped-token-on-site-url"), form="url", url="{SITE}/rest/servicedeskapi/request", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJSM}"}, check=fix_gw("jira", "/rest/servicedeskapi/request"),
     why="docs/atlassian/cloud.md#scoped-token-on-site Jira: anonymous-like 401; gateway accepts")
case("u3-scoped-percent-issue-fix", "scoped token, issue key sent as ACME%2D1 -> 404 'does not exist'",
     W(), P("scoped-token-on-site-url"), form="url", url="{SITE}/rest/api/3/issue/ACME%2D1", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"}, check=fix_gw("jira", "/rest/api/3/issue/ACME%2D1", "/rest/api/3/issue/ACME-1"),
     why="docs/atlassian/cloud.md#issue-not-visible + gateway 200")
case("u3-creds-expired-conf-slash", "--url .../space/ and --site .../ ; token from before Dec 2024, expired May 2026",
     W(), P("credentials-rejected"), form="url", url="{SITE}/wiki/rest/api/space/", email="{ALICE}", site="{SITE}/",
     env={"ATLASSIAN_API_TOKEN": "{T_EXP}"}, why="docs/atlassian/cloud.md#token-expiry expiry, docs/atlassian/cloud.md#expired-token; private wiki 403 for everyone refused (docs/atlassian/cloud.md#confluence-anonymous)")
case("u3-creds-other-account-upper-email", "--email BOB.K@ACME-CORP.IO but the token is Alice's",
     W(), P("credentials-rejected"), form="url", url="{SITE}/rest/api/3/myself", email="BOB.K@ACME-CORP.IO",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/atlassian/cloud.md#jira-measured PR #114 valid token + different email -> 401")
case("u3-password-site-wiki", "--site .../wiki and my Atlassian password in ATLASSIAN_API_TOKEN",
     W(), P("password-instead-of-token"), form="url", url="{SITE}/wiki/rest/api/space", email="{ALICE}", site="{SITE}/wiki",
     env={"ATLASSIAN_API_TOKEN": "{PASSWORD}"}, why="docs/atlassian/cloud.md#password-deprecated docs/atlassian/cloud.md#password-deprecated")
case("u3-username-jira-url", "--email anguyen (my old Server username)",
     W(), P("username-instead-of-email"), form="url", url="{SITE}/rest/api/3/myself", email="anguyen", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/causes/username-instead-of-email.md")
case("u3-wrong-cid-jira-fix", "--url gateway with the sandbox cloudId, --site https://acme.atlassian.net/",
     W(), P("wrong-cloud-id"), form="url", url="{GW}/ex/jira/{OTHER_CID}/rest/api/3/myself", email="{ALICE}", site="{SITE}/",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"}, check=fix_gw("jira", "/rest/api/3/myself"),
     why="docs/causes/wrong-cloud-id.md: cloudId differs from tenant_info's; fix = URL with the right cloudId")
case("u3-wrong-cid-conf-env-wiki-fix", "Confluence gateway URL with a stale cloudId, ATLASSIAN_SITE=.../wiki",
     W(), P("wrong-cloud-id"), form="url", url="{GW}/ex/confluence/{OTHER_CID}/wiki/api/v2/spaces?limit=3", email="{ALICE}",
     env=dict(SITE_WIKI_ENV, ATLASSIAN_API_TOKEN="{T_SCG}"),
     check=fix_gw("confluence", "/wiki/api/v2/spaces", "/api/v2/spaces"), why="docs/atlassian/cloud.md#tenant-info tenant_info cloudId")
case("u3-scope-missing-gw-myself", "--url gateway /myself with a token that only has read:jira-work",
     W(), P("scope-missing"), form="url", url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ_WORKONLY}"}, why="docs/atlassian/cloud.md#gateway-scope-check")
case("u3-no-product-access-site-wiki-slash", "--url Confluence content, --site .../wiki/; account has Jira only",
     W(), P("no-product-access"), form="url", url="{SITE}/wiki/rest/api/content?limit=5", email="{CAROL}", site="{SITE}/wiki/",
     env={"ATLASSIAN_API_TOKEN": "{T_CAROL}"}, why="docs/atlassian/cloud.md#confluence-cannot-access, docs/atlassian/cloud.md#no-product-access")
case("u3-missing-wiki-with-site-wiki", "--url /rest/api/space (no /wiki) although --site is .../wiki",
     W(), P("missing-wiki-prefix"), form="url", url="{SITE}/rest/api/space", email="{ALICE}", site="{SITE}/wiki",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/atlassian/cloud.md#null-for-uri: the request path lacks /wiki whatever --site says")
case("u3-bearer-header-url", "--url with -H 'Authorization: Bearer <api token>' (what my HTTP client sends)",
     W(), P("bearer-instead-of-basic"), form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}",
     headers=["Authorization: Bearer {T_CLASSIC}"], why="docs/atlassian/cloud.md#connect-session-token; README: -H with --url")
case("u3-gw-creds-expired-no-site", "--url gateway, scoped token past its expiry, no site given",
     W(), [("problem", "credentials-rejected"), ("inconclusive", {"credentials-rejected"})], form="url",
     url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_SJ_EXP}"},
     why="docs/atlassian/cloud.md#token-expiry expiry; gateway 401 docs/atlassian/cloud.md#gateway-auth-mismatch without a scope check")

# ------------------------------------------------------------------ 2. secrets as users really hold them
case("s3-token-crlf-env", "ATLASSIAN_API_TOKEN=$(cat token.txt) where token.txt was saved on Windows (ends in CRLF)",
     W(), P("token-mangled"), form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}\r\n"}, why="docs/causes/token-mangled.md: CR/LF")
case("s3-token-single-quotes-env", ".env line TOKEN='...' loaded by a tool that keeps the single quotes",
     W(), P("token-mangled"), form="url", url="{SITE}/wiki/rest/api/space", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "'{T_CLASSIC}'"}, why="docs/causes/token-mangled.md: quotes")
case("s3-token-trailing-space-env", "token pasted into a CI secret with a trailing space",
     W(), P("token-mangled"), form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC} "}, why="docs/causes/token-mangled.md: white space")
case("s3-token-crlf-in-curl-var", "curl -u \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\" with the CRLF file content",
     W(), P("token-mangled"), curl='curl -s -u "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN" {SITE}/rest/api/3/myself',
     env={"ATLASSIAN_EMAIL": "{ALICE}", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}\r\n"}, why="the quotes keep CR/LF in the secret")
case("s3-token-tab-quotes-scoped-gw", "scoped token in a k8s secret wrapped in double quotes, gateway URL",
     W(), P("token-mangled"), form="url", url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": '"{T_SJ}"'}, why="docs/causes/token-mangled.md: quotes (also on the gateway)")
case("s3-ok-confluence-api-token-var", "I only set CONFLUENCE_API_TOKEN (mark / md2cf convention)",
     W(), OK, form="url", url="{SITE}/wiki/rest/api/space", email="{ALICE}", env={"CONFLUENCE_API_TOKEN": "{T_CLASSIC}"},
     why="README inputs: CONFLUENCE_API_TOKEN")
case("s3-ok-jira-api-token-var", "jira-cli convention: JIRA_API_TOKEN only",
     W(), OK, form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}", env={"JIRA_API_TOKEN": "{T_CLASSIC}"},
     why="README inputs: JIRA_API_TOKEN")
case("s3-scoped-jira-api-token-var-fix", "JIRA_API_TOKEN holds a scoped token; jira-cli gets 401 on the site",
     W(), P("scoped-token-on-site-url"), form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}",
     env={"JIRA_API_TOKEN": "{T_SJ}"}, check=fix_gw("jira", "/rest/api/3/myself"), why="docs/atlassian/cloud.md#client-must-be-authenticated + gateway 200 (jira-cli #850)")
case("s3-ok-confluence-username-var", "CONFLUENCE_USERNAME + CONFLUENCE_API_TOKEN, no --email",
     W(), OK, form="url", url="{SITE}/wiki/api/v2/spaces", env={"CONFLUENCE_USERNAME": "{ALICE}", "CONFLUENCE_API_TOKEN": "{T_CLASSIC}"},
     why="README inputs: CONFLUENCE_USERNAME")
case("s3-ok-env-email-mixed-case", "no --email; ATLASSIAN_EMAIL=Alice.Nguyen@Acme-Corp.IO",
     W(), OK, form="url", url="{SITE}/rest/api/3/myself", env={"ATLASSIAN_EMAIL": "{ALICE_MIX}", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}"},
     why="docs/atlassian/cloud.md#jira-anonymous email case-insensitive")
case("s3-ok-flag-email-wins", "--email alice but a stale ATLASSIAN_EMAIL=bob in my shell",
     W(), OK, form="url", url="{SITE}/rest/api/3/myself", email="{ALICE}",
     env={"ATLASSIAN_EMAIL": "{BOB}", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}"},
     why="--help: --email [env: ATLASSIAN_EMAIL]: the flag wins over the variable; alice + alice's token works")
case("s3-creds-flag-email-wins-wrong", "--email bob (typo'd colleague) while ATLASSIAN_EMAIL=alice owns the token",
     W(), P("credentials-rejected"), form="url", url="{SITE}/rest/api/3/myself", email="{BOB}",
     env={"ATLASSIAN_EMAIL": "{ALICE}", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}"},
     why="the flag wins; bob + alice's token -> docs/atlassian/cloud.md#jira-measured PR #114 401")
case("s3-ok-curl-u-beats-env-email", "curl -u alice:token; ATLASSIAN_EMAIL=bob left over in the environment",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", env={"ATLASSIAN_EMAIL": "{BOB}"},
     why="the command's own login is what curl sends")
case("s3-two-token-vars-stale-atlassian", "ATLASSIAN_API_TOKEN is an expired one, JIRA_API_TOKEN the new one",
     W(), [("problem", "credentials-rejected"), ("inconclusive", {"credentials-rejected"}), ("ok", None)], form="url",
     url="{SITE}/rest/api/3/myself", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_EXP}", "JIRA_API_TOKEN": "{T_CLASSIC}"},
     check=warns, why="AMBIGUOUS which variable the user's tool reads; README promises a warning when two token variables differ")
case("s3-two-token-vars-stale-jira", "ATLASSIAN_API_TOKEN is new, JIRA_API_TOKEN an expired leftover",
     W(), [("ok", None), ("problem", "credentials-rejected"), ("inconclusive", {"credentials-rejected"})], form="url",
     url="{SITE}/rest/api/3/myself", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}", "JIRA_API_TOKEN": "{T_EXP}"},
     check=warns, why="AMBIGUOUS verdict; the warning is required by README")

# ------------------------------------------------------------------ 3. healthy edge cases that must be ok
case("h3-ok-jira-403-audit", "audit records: 403 'not authorized', but I am logged in (X-AACCOUNTID) - token fine?",
     W(), P("permission-denied"), curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/api/3/auditing/record?limit=10'",
     why="identity /myself 200; a 403 for a permission the user lacks is not an auth failure: permission-denied, never a silent ok")
case("h3-ok-jira-403-applicationrole-url", "--url applicationrole (admin only) -> 403 for my non-admin account",
     W(site={"seraph": True}), P("permission-denied"), form="url", url="{SITE}/rest/api/3/applicationrole", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/atlassian/cloud.md#x-seraph-loginreason X-Seraph-LoginReason OK + X-AACCOUNTID; the credential works")
case("h3-ok-conf-403-audit", "Confluence audit log: 403 'User is not permitted to view audit records'",
     W(), P("permission-denied"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/audit?limit=5",
     why="user/current 200 proves Confluence access; not the docs/atlassian/cloud.md#confluence-cannot-access body")
case("h3-ok-jql-400", "JQL typo: 'project = ' -> 400 Error in the JQL Query; is my token wrong?",
     W(), OK, curl="curl -s -G -u {ALICE}:{T_CLASSIC} --data-urlencode 'jql=project = ' {SITE}/rest/api/3/search/jql",
     why="/myself 200; a JQL syntax 400 is the same for everyone and not about auth")
case("h3-ok-jql-400-gw", "the same bad JQL through the gateway with a scoped token",
     W(), OK, curl="curl -s -G -u {ALICE}:{T_SJ} --data-urlencode 'jql=status = Done AND' {GW}/ex/jira/{CID}/rest/api/3/search/jql",
     env=SITE_ENV, why="gateway accepts the token (docs/atlassian/cloud.md#gateway-scheme)")
case("h3-ok-cql-400", "CQL typo 'type = ' on a private wiki -> 400 Could not parse cql",
     W(), OK, curl="curl -s -G -u {ALICE}:{T_CLASSIC} --data-urlencode 'cql=type = ' {SITE}/wiki/rest/api/search",
     why="user/current 200; a parse error is not auth")
case("h3-ok-cql-400-public", "public wiki: the bad CQL gets the same 400 with and without my token",
     W(site={"conf_public": True}), OK, form="url", url="{SITE}/wiki/rest/api/search?cql=space%20%3D", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="identical answers must be settled by the identity endpoint (JRACLOUD-93811)")
case("h3-ok-issue-404-site", "typo in the issue key on the site: 404 'Issue does not exist'",
     W(), P("not-found-or-hidden"), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/issue/NOPE-42",
     why="docs/atlassian/cloud.md#issue-not-visible is also 'a real missing' issue; /myself 200 and gateway 200 rule out the auth causes")
case("h3-ok-conf-v1-page-404-site", "page id 424242 does not exist (v1 content) on the site",
     W(), P("not-found-or-hidden"), form="url", url="{SITE}/wiki/rest/api/content/424242?expand=version", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="user/current 200")
case("h3-ok-conf-v2-page-404-site", "v2 page by id 424242 -> 404 NOT_FOUND on the site",
     W(), P("not-found-or-hidden"), curl="curl -s -u {ALICE}:{T_CLASSIC} -H 'Accept: application/json' {SITE}/wiki/api/v2/pages/424242")
case("h3-ok-conf-v1-page-404-gw", "v1 content 424242 through the gateway (classic-scoped token) -> 404",
     W(), P("not-found-or-hidden"), curl="curl -s -u {ALICE}:{T_SC} {GW}/ex/confluence/{CID}/wiki/rest/api/content/424242", env=SITE_ENV,
     why="gateway list/identity accept the token")
case("h3-ok-sso-2fa-account", "our org enforces SAML SSO + 2FA; does my API token still work for REST?",
     W(), OK, curl="curl -s -u {FRANK}:{T_FRANK} -H 'Accept: application/json' {SITE}/rest/api/3/myself",
     why="docs/atlassian/cloud.md#sso-2fa: API tokens work with 2FA/SAML")
case("h3-ok-sso-2fa-conf-url", "SSO account, --url Confluence v2 pages",
     W(), OK, form="url", url="{SITE}/wiki/api/v2/pages?limit=5", email="{FRANK}", env={"ATLASSIAN_API_TOKEN": "{T_FRANK}"},
     why="docs/atlassian/cloud.md#sso-2fa")
case("h3-ok-jsm-request", "JSM: GET /rest/servicedeskapi/request (my customer requests)",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} -H 'Accept: application/json' {SITE}/rest/servicedeskapi/request")
case("h3-ok-jsm-info-public", "JSM /info answers the same to everyone; my token is fine",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/servicedeskapi/info",
     why="anonymous-identical 200 must be settled by /myself (JRACLOUD-93811 workaround)")
case("h3-ok-jsm-gw-request", "JSM requests through the gateway with a JSM-scoped token",
     W(), OK, form="url", url="{GW}/ex/jira/{CID}/rest/servicedeskapi/request", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJSM}"})
case("h3-ok-head-jira", "curl -I (HEAD) on /myself just to see the status",
     W(), OK, curl="curl -I -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", why="HEAD has no body; status 200")
case("h3-ok-head-conf", "curl --head on the v1 space list",
     W(), OK, curl="curl -s --head -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space")
case("h3-ok-head-gw", "curl -sI through the gateway with a scoped Jira token",
     W(), OK, curl="curl -sI -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/project/search", env=SITE_ENV)
case("h3-scoped-head-site", "curl -I with a scoped token on the site: HTTP/1.1 401, no body",
     W(), P("scoped-token-on-site-url"), curl="curl -I -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself",
     check=fix_gw("jira", "/rest/api/3/myself"), why="docs/atlassian/cloud.md#client-must-be-authenticated + gateway 200; the doctor's own GET probes see the bodies")
case("h3-ok-drop-after-one", "flaky proxy closes every connection after one answer (no Connection: close)",
     W(transport={"drop_after": True}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     why="RFC 9112 s9.6/9.3.1: clients retry idempotent requests on a closed idle connection")
case("h3-ok-drop-after-one-gw-conf", "same flaky proxy; scoped Confluence token on the gateway",
     W(transport={"drop_after": True}), OK, curl="curl -s -u {ALICE}:{T_SCG} {GW}/ex/confluence/{CID}/wiki/api/v2/spaces",
     env=SITE_ENV)
case("h3-scoped-drop-after-one", "same flaky proxy; scoped Confluence token on the site",
     W(transport={"drop_after": True}), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/space",
     why="docs/atlassian/cloud.md#tomcat-401 + gateway 200")
case("h3-ok-slow", "site and gateway take 1-2 s per answer (VPN); --timeout 15",
     W(delay=SLOW), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", args=T15, timeout=30,
     why="slow but complete answers within the deadline")
case("h3-ok-slow-conf-gw", "slow answers; scoped token on the gateway, Confluence v1",
     W(delay=SLOW), OK, form="url", url="{GW}/ex/confluence/{CID}/wiki/rest/api/space", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SC}"}, args=T15, timeout=30)
case("h3-scoped-slow", "slow answers; scoped Jira token on the site",
     W(delay=SLOW), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself", args=T15, timeout=30,
     why="docs/atlassian/cloud.md#client-must-be-authenticated + gateway 200")
case("h3-ok-slow-tenant-info", "tenant_info takes 4-5 s; everything else is fast",
     W(delay=SLOW_TENANT), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space", args=T15, timeout=30)
case("h3-scoped-slow-tenant-info", "tenant_info takes 4-5 s; scoped token on the site needs the cloudId",
     W(delay=SLOW_TENANT), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself",
     args=T15, timeout=30, check=fix_gw("jira", "/rest/api/3/myself"), why="docs/atlassian/cloud.md#tenant-info tenant_info; docs/atlassian/cloud.md#client-must-be-authenticated + gateway 200")
case("h3-ok-gzip-all-conf", "gzip on every answer from the site and the gateway; Confluence v2 pages",
     W(transport=GZ_ALL), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/wiki/api/v2/pages?limit=5'", why="RFC 9110 s12.5.3")
case("h3-ok-gzip-all-gw", "gzip everywhere; scoped Jira token on the gateway",
     W(transport=GZ_ALL), OK, form="url", url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"})
case("h3-creds-gzip-all", "gzip everywhere; revoked token on Jira",
     W(transport=GZ_ALL), P("credentials-rejected"), curl="curl -s -u {ALICE}:{T_REV} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#revoked-token")
case("h3-wrong-cid-gzip-all-fix", "gzip everywhere; gateway URL with the sandbox cloudId",
     W(transport=GZ_ALL), P("wrong-cloud-id"), curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{OTHER_CID}/rest/api/3/project/search",
     env=SITE_ENV, check=fix_gw("jira", "/rest/api/3/project/search"), why="docs/atlassian/cloud.md#tenant-info tenant_info (gzip)")

# ------------------------------------------------------------------ 4. outputs: fix_command (curl form)
case("f3-scoped-conf-v2-query-fix", "scoped granular token on site v2 spaces?keys=ENG&limit=5 -> 401",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SCG} '{SITE}/wiki/api/v2/spaces?keys=ENG&limit=5'",
     check=fix_gw("confluence", "/wiki/api/v2/spaces", "/api/v2/spaces", query="keys=ENG"), why="docs/atlassian/cloud.md#scoped-token-on-site; docs/atlassian/cloud.md#gateway-urls")
case("f3-scoped-agile-fix", "token with jira-software scopes on the site's agile board -> 401",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SAGILE} {SITE}/rest/agile/1.0/board",
     check=fix_gw("jira", "/rest/agile/1.0/board"), why="docs/atlassian/cloud.md#gateway-urls example path")
case("f3-scoped-svc-conf-fix", "service account Confluence token on the site CQL search",
     W(), P("scoped-token-on-site-url"), curl="curl -s -u {SVC}:{T_SVCC} '{SITE}/wiki/rest/api/space?limit=10'",
     check=fix_gw("confluence", "/wiki/rest/api/space", "/rest/api/space"), why="docs/atlassian/cloud.md#service-account service accounts: gateway only")
case("f3-wrong-cid-conf-curl-fix", "Confluence v1 via gateway with the sandbox cloudId (curl)",
     W(), P("wrong-cloud-id"), curl="curl -s -u {ALICE}:{T_SC} '{GW}/ex/confluence/{OTHER_CID}/wiki/rest/api/content/99305'",
     env=SITE_ENV, check=fix_gw("confluence", "/wiki/rest/api/content/99305", "/rest/api/content/99305"))

# ------------------------------------------------------------------ 5. inconclusive honesty
case("i3-conf-tomcat-gateway-down", "Confluence 401 Tomcat page with my token; api.atlassian.com unreachable from here",
     W(), I("scoped-token-on-site-url", "credentials-rejected"), curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/space",
     dead=["gateway"], why="docs/atlassian/cloud.md#open-confluence-failed-credentials: a Tomcat 401 is 'recognised and refused' - scoped typical, wrong/expired unknown; only the gateway tells")
case("i3-jira-gateway-503", "Jira /myself 401 with my token; the gateway answers 503 to everything",
     W(gateway={"down_status": 503}), I("scoped-token-on-site-url", "credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself", why="docs/atlassian/cloud.md#open-jira-scoped-on-site: scoped on Jira site looks anonymous, like a bad token")
case("i3-jira-expired-gateway-down", "expired classic token, gateway unreachable (same evidence as a scoped token)",
     W(), I("scoped-token-on-site-url", "credentials-rejected"), curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/3/myself",
     dead=["gateway"], why="docs/atlassian/cloud.md#expired-token expired == anonymous fallback, docs/atlassian/cloud.md#open-jira-scoped-on-site scoped == anonymous: indistinguishable without the gateway")
case("i3-public-wiki-no-identity-good", "public Confluence-only site; identity endpoint 503; gateway down; my token is good",
     W(site={"products": ["confluence"], "conf_public": True, "conf_user_sees_same": True, "identity_status": 503}),
     IA(), curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space", dead=["gateway"],
     why="docs/atlassian/cloud.md#confluence-anonymous public site: bad creds fall back to anonymous; identical 200 + no identity + no gateway cannot decide")
case("i3-public-wiki-no-identity-expired", "the same site, but the token actually expired",
     W(site={"products": ["confluence"], "conf_public": True, "conf_user_sees_same": True, "identity_status": 503}),
     IA("credentials-rejected", "scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_EXP} {SITE}/wiki/rest/api/space",
     dead=["gateway"], why="same evidence as the previous case: must not be 'ok'")
case("i3-opaque-host-jira", "host behind nginx: no tenant_info, no serverInfo, bare 401 for everything",
     W(opaque=True), IA("site-not-found", "cloud-credentials-on-data-center", "credentials-rejected", "custom-domain-unsupported",
                        "network-error"),
     curl="curl -s -u {ALICE}:{T_CLASSIC} {OPAQUE}/rest/api/3/myself",
     why="docs/atlassian/data-center.md#dc-vs-cloud: Cloud vs DC is told by probing; here neither a cloudId nor a DC sign")
case("i3-opaque-host-conf-url", "--url Confluence path on the same opaque host",
     W(opaque=True), IA("site-not-found", "cloud-credentials-on-data-center", "credentials-rejected", "custom-domain-unsupported",
                        "network-error"),
     form="url", url="{OPAQUE}/wiki/rest/api/space", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("i3-classic-gw-404", "classic token through the gateway gets 404 (md2conf user); the site accepts the token",
     W(gateway={"classic": "404"}), IA(), curl="curl -s -u {ALICE}:{T_CLASSIC} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV,
     why="AMBIGUOUS: docs/atlassian/cloud.md#classic-token-on-gateway/s7.5 'treat a gateway result for a classic token as inconclusive'; cloudId matches tenant_info, so not wrong-cloud-id")
case("i3-gw-mismatch-site-dead", "gateway 401 FAILURE_CLIENT_AUTH_MISMATCH, and the site is unreachable",
     W(), [("problem", "credentials-rejected"), ("inconclusive-any", {"credentials-rejected"})],
     curl="curl -s -u {ALICE}:{T_SJ_EXP} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV, dead=["site"],
     why="docs/atlassian/cloud.md#gateway-auth-mismatch / docs/atlassian/cloud.md#open-auth-mismatch generic gateway auth failure; the user's request never touched the site")

# ------------------------------------------------------------------ fifth batch, round 2: around the first findings
case("s3-token-lf-in-curl-var", "curl -u \"$E:$T\" where T came from `cat token.txt` in a tool that keeps the LF",
     W(), P("token-mangled"), curl='curl -s -u "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN" {SITE}/wiki/rest/api/space',
     env={"ATLASSIAN_EMAIL": "{ALICE}", "ATLASSIAN_API_TOKEN": "{T_CLASSIC}\n"}, why="docs/causes/token-mangled.md: CR/LF; no hand-built header")
case("s3-token-space-in-curl-var", "curl --user \"$EMAIL:$TOKEN\" with a trailing space in the CI secret",
     W(), P("token-mangled"), curl='curl -s --user "$EMAIL:$TOKEN" {SITE}/rest/api/3/myself',
     env={"EMAIL": "{ALICE}", "TOKEN": "{T_CLASSIC} "}, why="docs/causes/token-mangled.md: white space")
case("s3-token-crlf-literal-curl", "curl -u 'alice:TOKEN<CR>' pasted from a Windows editor inside single quotes",
     W(), P("token-mangled"), curl="curl -s -u '{ALICE}:{T_CLASSIC}\r' {SITE}/rest/api/3/myself",
     why="docs/causes/token-mangled.md: CR")
case("s3-token-crlf-env-gw", "CRLF token file, --url on the gateway with a scoped token",
     W(), P("token-mangled"), form="url", url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}\r\n"}, why="docs/causes/token-mangled.md")
case("i3-classic-gw-404-conf-url", "--url gateway Confluence v2 pages with a classic token -> 404 (md2conf notes)",
     W(gateway={"classic": "404"}), IA(), form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/pages?limit=5", email="{ALICE}",
     site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"},
     why="AMBIGUOUS: docs/atlassian/cloud.md#classic-token-on-gateway classic on the gateway is unresolved; the site accepts the token, so not credentials-rejected")
case("h3-ok-gw-site-dead", "scoped token on the gateway works; ATLASSIAN_SITE points at a host that is down right now",
     W(), [("ok", None)], curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV, dead=["site"],
     why="the request the user makes works (gateway 200); docs/diagnosis.md#the-rules-in-order: ok when the credential works for the request")
case("h3-ok-gateway-dead", "classic token on the site works; api.atlassian.com blocked by the firewall",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", dead=["gateway"],
     why="/myself 200 on the site; the gateway is not part of the user's request")
case("h3-ok-gateway-503-conf", "classic token on Confluence works; the gateway answers 503",
     W(gateway={"down_status": 503}), OK, form="url", url="{SITE}/wiki/rest/api/space", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"})
case("h3-ok-tenant-info-hangs", "tenant_info never answers within the deadline; /myself 200 with my token",
     W(delay={"roles": ["site"], "seconds": (30.0, 30.0), "path_re": r"^/_edge/tenant_info"}),
     [("ok", None)], curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", args=["--timeout", "8"], timeout=25,
     why="AMBIGUOUS-ish: the credential demonstrably works for the request (docs/diagnosis.md#the-rules-in-order ok); tenant_info is only for cloudId")
case("h3-ok-slow-default-timeout", "answers take 1-2 s; default --timeout (20)",
     W(delay=SLOW), OK, form="url", url="{SITE}/wiki/api/v2/spaces", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"},
     timeout=30)
case("h3-ok-jira-403-gw", "admin-only audit records through the gateway with a classic token: 403",
     W(), P("permission-denied"), curl="curl -s -u {ALICE}:{T_CLASSIC} {GW}/ex/jira/{CID}/rest/api/3/auditing/record", env=SITE_ENV,
     why="gateway and site accept the token; 403 is a permission answer")
case("h3-ok-head-conf-scoped-gw", "curl -I on the gateway v2 page with a granular token",
     W(), OK, curl="curl -I -s -u {ALICE}:{T_SCG} {GW}/ex/confluence/{CID}/wiki/api/v2/pages/99305", env=SITE_ENV)
case("h3-ok-tenant-info-9s", "tenant_info takes 9 s (edge hiccup); --timeout 15 leaves room for it",
     W(delay={"roles": ["site"], "seconds": (9.0, 9.5), "path_re": r"^/_edge/tenant_info"}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", args=T15, timeout=30,
     why="slow but within the deadline the user gave")
case("h3-ok-gw-slow-tenant-info-6s", "scoped token on the gateway; the site's tenant_info takes 6 s; default deadline",
     W(delay={"roles": ["site"], "seconds": (6.0, 6.5), "path_re": r"^/_edge/tenant_info"}), OK,
     form="url", url="{GW}/ex/jira/{CID}/rest/api/3/myself", email="{ALICE}", site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_SJ}"},
     timeout=30)
case("h3-ok-jira-403-gw-scoped", "scoped Jira token on the gateway: audit records 403 (not an admin)",
     W(), P("permission-denied"), form="url", url="{GW}/ex/jira/{CID}/rest/api/3/auditing/record", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SJ}"}, why="gateway /myself 200: the token authenticated and has scopes; 403 is a permission answer")
case("h3-ok-conf-403-gw", "classic token through the gateway: Confluence audit log 403 (not an admin)",
     W(), P("permission-denied"), curl="curl -s -u {ALICE}:{T_CLASSIC} {GW}/ex/confluence/{CID}/wiki/rest/api/audit", env=SITE_ENV,
     why="site and gateway accept the token; 403 'not permitted to view audit records' is permission, not docs/atlassian/cloud.md#confluence-cannot-access")
case("h3-ok-jira-403-gw-no-site", "classic token through the gateway, no site given: applicationrole 403",
     W(), P("permission-denied"), curl="curl -s -u {ALICE}:{T_CLASSIC} {GW}/ex/jira/{CID}/rest/api/3/applicationrole")
case("h3-ok-gw-site-typo-edge404", "gateway request works; ATLASSIAN_SITE has a typo (edge 'Page unavailable')",
     W(site={"tenant_info": "edge404"}), OK, form="url", url="{GW}/ex/jira/{CID}/rest/api/3/project/search", email="{ALICE}",
     env={"ATLASSIAN_SITE": "{SITE}", "ATLASSIAN_API_TOKEN": "{T_SJ}"},
     why="AMBIGUOUS-ish: the user's request works (gateway 200); a warning about the site is fine, a failing verdict is not")
case("u3-ok-gw-flag-site-dead", "--url gateway Confluence v2 with --site of a host that is down; the request works",
     W(), OK, form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/spaces", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SCG}"}, dead=["site"], why="the request the user makes works (gateway 200)")

# ================================================================== sixth batch (fourth blind tester, from docs/atlassian/README.md /
# docs/causes/README.md only; names start `x6-`). Fake additions (fake.py, "sixth batch"): site.down (502/503 maintenance or proxy
# pages), dc.soft_fail (refused credentials run as anonymous), a `proxy` role (loopback forward proxy: forward /
# refuse / 407). run.py: FORMAT_CASES reruns ten existing cases with --format text and markdown.
T["T_PAT_EXP"] = PAT2          # a DC PAT that was valid once and has expired (not in the user's list any more)
NOPROXY_OFF = {"NO_PROXY": "", "no_proxy": ""}
MAINT = {"status": 503}
BAD_GW_502 = {"status": 502, "body": "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
              "</center><hr><center>nginx</center></body></html>"}

# --- 1. Confluence: REST refuses anonymous callers (docs/atlassian/cloud.md#confluence-anonymous: "Anonymous Access to Remote API" disabled by default,
#        anonymous and rejected Basic -> 403 "caller cannot access Confluence"); the wiki may still be public in the UI
case("x6-conf-remote-anon-off-ok-cql", "wiki public in the browser, REST anonymous off; CQL search with a good classic token",
     W(), OK, curl="curl -s -G -u {ALICE}:{T_CLASSIC} --data-urlencode 'cql=type=page and space=ENG' {SITE}/wiki/rest/api/search",
     why="docs/atlassian/cloud.md#confluence-anonymous: the setting only affects anonymous callers; classic token works")
case("x6-conf-remote-anon-off-expired-cql", "same site, CQL search with an expired token -> 403 like anonymous",
     W(), P("credentials-rejected"), curl="curl -s -G -u {ALICE}:{T_EXP} --data-urlencode 'cql=type=page' {SITE}/wiki/rest/api/search",
     why="docs/atlassian/cloud.md#confluence-anonymous anonymous/rejected Basic -> 403; gateway 401 without scope header -> docs/causes/credentials-rejected.md")
case("x6-conf-remote-anon-off-no-auth", "curl without any credential to the Confluence REST API of a 'public' wiki",
     W(), [("problem", "empty-credentials"), ("inconclusive-any", {"empty-credentials", "credentials-rejected"})],
     curl="curl -s {SITE}/wiki/rest/api/content/99305/child/attachment",
     why="AMBIGUOUS: no credential at all; docs/atlassian/cloud.md#confluence-anonymous says anonymous REST is off by default -> 403; must not be ok")
case("x6-conf-scoped-site-attach-403", "scoped Confluence token on the site attachments endpoint; site answers 403 like anonymous",
     W(site={"scoped_confluence": "403"}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SC} {SITE}/wiki/rest/api/content/99305/child/attachment",
     why="docs/causes/scoped-token-on-site-url.md: 'sometimes 403'; gateway accepts the token (scope check or 200)")
case("x6-conf-v2-pages-classic-scopes-gw", "scoped token with classic Confluence scopes on the v2 pages API through the gateway",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SC} {GW}/ex/confluence/{CID}/wiki/api/v2/pages?limit=10", env=SITE_ENV,
     why="docs/atlassian/cloud.md#scopes: v2 needs granular scopes; gateway 401 FAILURE_CLIENT_SCOPE_CHECK (docs/atlassian/cloud.md#gateway-scope-check)")
case("x6-conf-v2-attach-classic-scopes-url", "--url v2 attachments through the gateway with a classic-scope token",
     W(), P("scope-missing"), form="url", url="{GW}/ex/confluence/{CID}/wiki/api/v2/attachments?limit=5", email="{ALICE}",
     site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_SC}"}, why="docs/atlassian/cloud.md#scopes + docs/atlassian/cloud.md#gateway-scope-check")
case("x6-conf-v1-attach-granular-gw", "granular-scope token on the v1 attachments endpoint through the gateway",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SCG} {GW}/ex/confluence/{CID}/wiki/rest/api/content/99305/child/attachment",
     env=SITE_ENV, why="docs/atlassian/cloud.md#scopes: attachment read needs readonly:content.attachment:confluence or read:attachment:confluence; docs/atlassian/cloud.md#gateway-scope-check")
case("x6-conf-cql-granular-gw", "granular token without search:confluence on CQL search via the gateway",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SCG} '{GW}/ex/confluence/{CID}/wiki/rest/api/search?cql=type%3Dpage'",
     env=SITE_ENV, why="docs/atlassian/cloud.md#scopes + docs/atlassian/cloud.md#gateway-scope-check: gateway scope check")
case("x6-conf-cql-classic-scopes-gw-ok", "classic-scope token with search:confluence on CQL via the gateway",
     W(), OK, curl="curl -s -u {ALICE}:{T_SC} '{GW}/ex/confluence/{CID}/wiki/rest/api/search?cql=space%3DENG'", env=SITE_ENV)
case("x6-conf-page-get-granular-gw-ok", "granular token reads a v1 page by id through the gateway",
     W(), OK, form="url", url="{GW}/ex/confluence/{CID}/wiki/rest/api/content/99305", email="{ALICE}", site="{SITE}",
     env={"ATLASSIAN_API_TOKEN": "{T_SCG}"}, why="read:content:confluence is accepted for content in the fake's scope table")
case("x6-conf-jira-only-user-cql", "Carol (Jira only) runs a CQL search with her classic token",
     W(), P("no-product-access"), curl="curl -s -u {CAROL}:{T_CAROL} '{SITE}/wiki/rest/api/search?cql=type=page'",
     why="docs/atlassian/cloud.md#no-product-access/s3.2: 403 'Current user not permitted to use Confluence' while /myself works on Jira")
case("x6-conf-jira-only-user-attach-gw", "Carol (Jira only) downloads attachments through the gateway with a classic token",
     W(), P("no-product-access"), form="url", url="{GW}/ex/confluence/{CID}/wiki/rest/api/content/99305/child/attachment",
     email="{CAROL}", site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_CAROL}"}, why="docs/atlassian/cloud.md#no-product-access docs/atlassian/cloud.md#confluence-cannot-access")
case("x6-conf-jira-only-user-v2-pages", "Jira-only user reads v2 pages on the site with a classic token",
     W(),
     [("problem", "no-product-access"), ("inconclusive-any", {"no-product-access"})],
     curl="curl -s -u {CAROL}:{T_CAROL} {SITE}/wiki/api/v2/pages?limit=1",
     why="docs/atlassian/cloud.md#no-product-access; Jira /myself 200 proves the account; Confluence 403")

# --- 2. Jira
PORTAL = set_flag(DAVE)   # Dave: "jira": False -- a JSM portal-only customer (no Jira licence) behaves like no product access
case("x6-jsm-portal-customer-requests", "JSM portal-only customer lists his requests with a classic token",
     W(), [("problem", "no-product-access"), ("inconclusive-any", {"no-product-access"})],
     curl="curl -s -u {DAVE}:{T_DAVE} -H 'Accept: application/json' {SITE}/rest/servicedeskapi/request",
     why="docs/causes/no-product-access.md: '401 indistinguishable from a bad token while the account resolves' (gateway accepts the token)")
case("x6-jsm-portal-customer-gw-url", "portal-only customer, --url through the gateway on servicedeskapi/servicedesk",
     W(), [("problem", "no-product-access"), ("inconclusive-any", {"no-product-access"})], form="url",
     url="{GW}/ex/jira/{CID}/rest/servicedeskapi/servicedesk", email="{DAVE}", site="{SITE}", env={"ATLASSIAN_API_TOKEN": "{T_DAVE}"},
     why="gateway authenticates the classic token (no scope header), Jira answers 401 like anonymous: no product access")
case("x6-agile-board-ok", "agile boards with a classic token on the site",
     W(), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/agile/1.0/board?maxResults=50'")
case("x6-agile-board-scoped-site", "agile boards with a scoped Jira token on the site URL",
     W(), [("problem", "scoped-token-on-site-url")], curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/agile/1.0/board",
     why="docs/atlassian/cloud.md#scoped-token-on-site docs/atlassian/cloud.md#client-must-be-authenticated: site treats the scoped token as anonymous (401); gateway accepts it (scope 401 or 200) -> scoped on site")
case("x6-agile-board-scope-gw", "agile boards through the gateway with a token lacking read:board-scope:jira-software",
     W(), P("scope-missing"), curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/agile/1.0/board", env=SITE_ENV,
     why="docs/atlassian/cloud.md#gateway-scope-check scope check")
case("x6-search-jql-post-ok", "POST /rest/api/3/search/jql with a JSON body and a good classic token (write: not replayed)",
     W(), OK, curl="curl -s -X POST -u {ALICE}:{T_CLASSIC} -H 'Content-Type: application/json' "
                   "--data '{\"jql\":\"project = ACME\",\"maxResults\":50}' {SITE}/rest/api/3/search/jql",
     why="credential works on /myself; the POST is not replayed")
case("x6-search-jql-post-expired", "POST search/jql with an expired token",
     W(), P("credentials-rejected"), curl="curl -s -X POST -u {ALICE}:{T_EXP} -H 'Content-Type: application/json' "
                                          "--data '{\"jql\":\"project = ACME\"}' {SITE}/rest/api/3/search/jql",
     why="/myself 401 on site, gateway 401 without scope header")
case("x6-search-jql-post-scoped-site", "POST search/jql with a scoped token on the site URL",
     W(), P("scoped-token-on-site-url"), curl="curl -s --request POST --url {SITE}/rest/api/3/search/jql --user {ALICE}:{T_SJ} "
                                              "--header 'Content-Type: application/json' --data '{\"jql\":\"project = ACME\"}'",
     why="docs/atlassian/cloud.md#scoped-token-on-site; fix = gateway URL with the cloudId")
case("x6-search-old-410-get", "GET the removed /rest/api/3/search?jql=... with a good token: 410",
     W(), P("removed-api"), curl="curl -s -u {ALICE}:{T_CLASSIC} '{SITE}/rest/api/3/search?jql=project%3DACME'",
     why="docs/atlassian/cloud.md#removed-api: 410 with the migration message")
case("x6-search-old-410-url-form", "--url form on the removed v2 search endpoint",
     W(), P("removed-api"), form="url", url="{SITE}/rest/api/2/search?jql=project=OPS", email="{ALICE}",
     env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"}, why="docs/atlassian/cloud.md#removed-api")
case("x6-search-old-410-expired", "removed /search with an expired token (410 for everyone)",
     W(), [("problem", "credentials-rejected"), ("problem", "removed-api"), ("inconclusive-any", {"credentials-rejected", "removed-api"})],
     curl="curl -s -u {ALICE}:{T_EXP} '{SITE}/rest/api/3/search?jql=project%3DACME'",
     why="AMBIGUOUS: both problems are real; must not be ok")

# --- 3. Data Center
CONF_DC_CTX = {"product": "confluence", "context": "/confluence"}
case("x6-dc-conf-ctx-bearer-ok", "Confluence DC at /confluence, PAT as Bearer",
     W(dc=CONF_DC_CTX), OK, curl="curl -s -H 'Authorization: Bearer {PAT}' {DC}/confluence/rest/api/space?limit=5",
     why="docs/atlassian/cloud.md#bearer-vs-basic DC PAT: Bearer on the DC host")
case("x6-dc-conf-ctx-basic-pat-url", "--url Confluence DC at /confluence, username + PAT (sent as Basic)",
     W(dc=CONF_DC_CTX), P("pat-sent-as-basic"), form="url", url="{DC}/confluence/rest/api/content?spaceKey=DOC", email="jsmith",
     env={"ATLASSIAN_API_TOKEN": "{PAT}"}, why="docs/causes/pat-sent-as-basic.md")
case("x6-dc-jira-expired-pat-bearer", "Jira DC, PAT as Bearer, PAT expired",
     W(dc={}), P("credentials-rejected"), curl="curl -s -H 'Authorization: Bearer {T_PAT_EXP}' {DC}/rest/api/2/myself",
     why="Bearer 401 from a DC host; correct scheme, refused secret -> credentials-rejected")
case("x6-dc-conf-ctx-expired-pat-bearer", "Confluence DC at /confluence, expired PAT as Bearer",
     W(dc=CONF_DC_CTX), [("problem", "credentials-rejected"), ("inconclusive-any", {"credentials-rejected"})],
     curl="curl -s -H 'Authorization: Bearer {T_PAT_EXP}' {DC}/confluence/rest/api/space", why="as above")
case("x6-dc-basic-disabled-bearer-url", "Jira DC with Basic disabled; --url with -H Bearer PAT",
     W(dc={"basic_disabled": True}), OK, form="url", url="{DC}/rest/api/2/myself",
     headers=["Authorization: Bearer {PAT}"], why="docs/atlassian/data-center.md#basic-auth-disabled only concerns Basic; the Bearer PAT works")
case("x6-dc-conf-captcha-ctx", "Confluence DC at /confluence, CAPTCHA after failed logins (401 variant, only the denied-reason header)",
     W(dc={"product": "confluence", "context": "/confluence", "captcha_status": 401, "captcha_drop": ["X-Seraph-LoginReason"],
           "users": [{"username": "jsmith", "password": "S3cure-Pass!", "pats": [PAT], "captcha": True}]}),
     P("captcha-required"), curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/confluence/rest/api/space", why="docs/atlassian/data-center.md#captcha docs/atlassian/data-center.md#captcha")
case("x6-dc-soft-fail-wrong-password", "Jira DC that runs refused Basic as anonymous (X-AUSERNAME: anonymous, AUTHENTICATED_FAILED)",
     W(dc={"soft_fail": True}), [("problem", "credentials-rejected"), ("inconclusive-any", {"credentials-rejected"})],
     curl="curl -s -u 'jsmith:Wrong-Pass-1' {DC}/rest/api/2/project",
     why="docs/atlassian/data-center.md#x-ausername: X-AUSERNAME anonymous + AUTHENTICATED_FAILED on the answer; /myself 401; must not be ok")
case("x6-dc-soft-fail-conf-pat-basic", "Confluence DC soft-fail: username + PAT as Basic gets anonymous 200 (empty list)",
     W(dc={"product": "confluence", "soft_fail": True}), P("pat-sent-as-basic"),
     curl="curl -s -u jsmith:{PAT} {DC}/rest/api/space",
     why="docs/atlassian/data-center.md#x-ausername X-AUSERNAME: anonymous on a 200; Bearer with the same PAT works -> pat-sent-as-basic")
case("x6-dc-soft-fail-good-creds", "Jira DC soft-fail host, correct password",
     W(dc={"soft_fail": True}), OK, curl="curl -s -u 'jsmith:S3cure-Pass!' {DC}/rest/api/2/project")

# --- 4. infrastructure
case("x6-site-503-maintenance-all", "the site is behind a maintenance page (503 everywhere, tenant_info too); gateway works",
     W(site={"down": dict(MAINT, tenant=True)}), [("problem", "network-error"), ("inconclusive-any", {"network-error"})],
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     why="AMBIGUOUS: not an auth failure; the site cannot serve the request. Must not be ok, must not blame the credential")
case("x6-site-502-proxy-rest", "nginx 502 for REST on the site (tenant_info still fine); Confluence request",
     W(site={"down": dict(BAD_GW_502, path_re=r"^/(wiki/)?rest/")}), [("problem", "network-error"), ("inconclusive-any", {"network-error"})],
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space",
     why="AMBIGUOUS: 502 for every caller is infrastructure; must not be ok nor credentials-rejected")
case("x6-site-503-gw-request-ok", "site in maintenance; the user's scoped request goes through the gateway and works",
     W(site={"down": dict(MAINT, tenant=False)}), OK,
     curl="curl -s -u {ALICE}:{T_SJ} {GW}/ex/jira/{CID}/rest/api/3/myself", env=SITE_ENV,
     why="the user's request works (gateway 200)")
case("x6-gw-503-scoped-on-site", "scoped token on the site; the gateway answers 503",
     W(gateway={"down_status": 503}), IA("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself",
     why="AMBIGUOUS: the gateway can't confirm the token; candidates should include scoped-token-on-site-url (the token is scoped by shape? no: "
         "ATATT classic and scoped look the same, docs/atlassian/cloud.md#token-format) -> inconclusive")
case("x6-slow-gw-scoped-site", "scoped token on the site; gateway answers in 3-4 s; --timeout 15",
     W(delay={"roles": ["gateway"], "seconds": (3.0, 4.0)}), P("scoped-token-on-site-url"),
     curl="curl -s -u {ALICE}:{T_SJ} {SITE}/wiki/rest/api/space", args=T15, timeout=60,
     why="slow but within the deadline: same diagnosis as without delay")
case("x6-slow-site-expired", "expired token; site answers in 2-3 s",
     W(delay={"roles": ["site"], "seconds": (2.0, 3.0)}), P("credentials-rejected"),
     curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/3/myself", args=T15, timeout=60)
case("x6-proxy-forward-ok", "HTTP_PROXY points at a working corporate forward proxy; NO_PROXY empty",
     W(proxy={"mode": "forward"}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     env=dict(NOPROXY_OFF, HTTP_PROXY="{PROXY}", http_proxy="{PROXY}"), why="the proxy forwards: the credential works")
case("x6-proxy-forward-scoped", "through the forward proxy: scoped token on the site",
     W(proxy={"mode": "forward"}), P("scoped-token-on-site-url"), curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself",
     env=dict(NOPROXY_OFF, HTTP_PROXY="{PROXY}", http_proxy="{PROXY}"))
case("x6-proxy-refuses", "HTTP_PROXY is a squid that refuses every destination (403 ERR_ACCESS_DENIED); the site is plain http",
     W(proxy={"mode": "refuse"}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", env=dict(NOPROXY_OFF, HTTP_PROXY="{PROXY}", http_proxy="{PROXY}"),
     why="docs/security.md: plain http never goes through a proxy, so this loopback http site is reached directly and the proxy plays no part (a proxy failure over https is in tests/e2e/network.rs)")
case("x6-proxy-407", "HTTP_PROXY needs proxy authentication (407); the site is plain http",
     W(proxy={"mode": "407"}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/space", env=dict(NOPROXY_OFF, HTTP_PROXY="{PROXY}", http_proxy="{PROXY}"),
     why="docs/security.md: plain http never goes through a proxy, so this loopback http site is reached directly and the proxy plays no part (a proxy failure over https is in tests/e2e/network.rs)")
case("x6-proxy-dead", "HTTP_PROXY points at a port where nothing listens; the site is plain http",
     W(proxy={"mode": "forward"}), OK,
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself", dead=["proxy"],
     env=dict(NOPROXY_OFF, HTTP_PROXY="{PROXY}", http_proxy="{PROXY}"), why="docs/security.md: plain http never goes through a proxy, so this loopback http site is reached directly and the proxy plays no part (a proxy failure over https is in tests/e2e/network.rs)")
case("x6-https-proxy-only-http-site", "only HTTPS_PROXY set (dead); the site URL is http:// so it is not used",
     W(proxy={"mode": "refuse"}), [("ok", None), ("problem", "network-error")],
     curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     env=dict(NOPROXY_OFF, HTTPS_PROXY="{PROXY}", https_proxy="{PROXY}"),
     why="ambiguous: curl applies HTTPS_PROXY to https only; confauth (ureq) uses the first proxy variable "
         "set for every scheme, and names the refusing proxy. Only plain-http hosts (loopback, http DC) differ.")
case("x6-proxy-noproxy-loopback", "HTTP_PROXY refuses, but NO_PROXY lists 127.0.0.1,localhost (runner default)",
     W(proxy={"mode": "refuse"}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     env={"HTTP_PROXY": "{PROXY}", "http_proxy": "{PROXY}"}, why="NO_PROXY bypasses the proxy for loopback")

# --- sixth batch, round 2: around the first findings
case("x6-site-503-expired-token", "maintenance 503 on the site (tenant_info too); expired token",
     W(site={"down": dict(MAINT, tenant=True)}), [("problem", "network-error"), ("inconclusive-any", {"network-error", "credentials-rejected"})],
     curl="curl -s -u {ALICE}:{T_EXP} {SITE}/rest/api/3/myself",
     why="AMBIGUOUS: the site can't tell; must not be ok; should name the 503, not 'no cloudId / Data Center'")
case("x6-site-502-rest-scoped", "nginx 502 for REST on the site; a genuinely scoped token",
     W(site={"down": dict(BAD_GW_502, path_re=r"^/(wiki/)?rest/")}),
     [("problem", "network-error"), ("problem", "scoped-token-on-site-url"), ("inconclusive-any", {"network-error", "scoped-token-on-site-url"})],
     curl="curl -s -u {ALICE}:{T_SJ} {SITE}/rest/api/3/myself",
     why="AMBIGUOUS: scoped-token-on-site-url happens to be right, but the site refused nobody (502 for anonymous too)")
case("x6-site-503-jira-url-form", "--url form, Jira REST behind a 503 maintenance page (tenant_info ok)",
     W(site={"down": dict(MAINT, path_re=r"^/rest/")}), [("problem", "network-error"), ("inconclusive-any", {"network-error"})],
     form="url", url="{SITE}/rest/api/3/project/search", email="{ALICE}", env={"ATLASSIAN_API_TOKEN": "{T_CLASSIC}"},
     why="AMBIGUOUS: 503 for every caller, not an auth answer")
case("x6-gw-502-classic-site-ok", "classic token on the site works; the gateway answers 502",
     W(gateway={"down_status": 502}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/wiki/rest/api/content?limit=5",
     why="the user's request works; the gateway is not part of it")
case("x6-dc-jira-ctx-bearer-url", "--url Jira DC under /jira with -H Bearer PAT",
     W(dc={"context": "/jira"}), OK, form="url", url="{DC}/jira/rest/api/2/project", headers=["Authorization: Bearer {PAT}"])
case("x6-proxy-refuse-dc", "HTTP_PROXY refuses; Data Center PAT Bearer request to a plain-http host",
     W(dc={}, proxy={"mode": "refuse"}), OK,
     curl="curl -s -H 'Authorization: Bearer {PAT}' {DC}/rest/api/2/myself",
     env=dict(NOPROXY_OFF, HTTP_PROXY="{PROXY}", http_proxy="{PROXY}"), why="docs/security.md: plain http never goes through a proxy, so this loopback http site is reached directly and the proxy plays no part (a proxy failure over https is in tests/e2e/network.rs)")
case("x6-https-proxy-forward-http-site", "HTTPS_PROXY (working) only; http:// site: direct or tunnelled, either way ok",
     W(proxy={"mode": "forward"}), OK, curl="curl -s -u {ALICE}:{T_CLASSIC} {SITE}/rest/api/3/myself",
     env=dict(NOPROXY_OFF, HTTPS_PROXY="{PROXY}", https_proxy="{PROXY}"))
