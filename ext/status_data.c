/*
** status_data.c: the data behind the httpstatus extension, and nothing else
** (the lookups are in status_lookup.c). See status_data.h for the layout.
**
** How a code gets its row in http_status_rows (one row per code):
**   - IANA first: a code in the IANA registry always takes its IANA meaning,
**     even where a vendor reuses it (103, 421, 451, 508).
**   - The seed page (data/seed.txt) wins on wording: for every code it lists,
**     name and meaning are copied from it byte for byte, so 413 is "Payload
**     Too Large", 418 "I'm a teapot" and 422 "Unprocessable Content". The
**     registry's other names are kept in http_status_aliases.
**   - Other IANA codes take the registry's name, without its "(OBSOLETED)" or
**     "(TEMPORARY ...)" notes; the registration state is in `registry`.
**   - Vendor codes (registry NULL) come from data/codes.tsv. When vendors share
**     a number, the row goes to the one seen most in real web-server logs
**     (499 nginx, 419 laravel, 420 twitter, 530 cloudflare) and the others go
**     to http_status_alternates.
** data/codes.SOURCES.md says where each name and reference comes from.
*/
#include "status_data.h"

/* A string literal with its length, computed by the compiler. */
#define TEXT(s)                                                                                    \
  { s, (int)sizeof(s) - 1 }
/* One row; the status line "404 Not Found" is joined by the compiler. */
#define ROW(code, name, meaning, source, reference, registry)                                      \
  { code, TEXT(#code " " name), TEXT(meaning), source, reference, registry }
/* A row in its slot of http_status_rows. */
#define SLOT(code, ...) [code - HTTP_STATUS_MIN] = ROW(code, __VA_ARGS__)

/* The preferred meaning of each code, in the slot of its code; the slots of
** codes without a row stay zero. Listed by code. */
const struct http_status_row http_status_rows[HTTP_STATUS_SLOTS] = {
    SLOT(100, "Continue",
         "The initial part of the request has been received and not yet rejected. The client may "
         "proceed to send the body.",
         "iana", "RFC 9110, Section 15.2.1", "permanent"),
    SLOT(101, "Switching Protocols",
         "The server is switching protocols as requested by the Upgrade header (e.g. to "
         "WebSockets).",
         "iana", "RFC 9110, Section 15.2.2", "permanent"),
    SLOT(102, "Processing",
         "WebDAV — the server has accepted the request but has not completed it yet.", "iana",
         "RFC 2518, Section 10.1", "permanent"),
    SLOT(103, "Early Hints",
         "Hints to start preloading resources before the final response (typically used with Link "
         "headers).",
         "iana", "RFC 8297", "permanent"),
    SLOT(104, "Upload Resumption Supported",
         "Draft resumable uploads — tells the client where to resume the upload if the connection "
         "drops.",
         "iana", "draft-ietf-httpbis-resumable-upload-05", "provisional"),
    SLOT(200, "OK", "Standard success — the response body contains the requested resource.", "iana",
         "RFC 9110, Section 15.3.1", "permanent"),
    SLOT(201, "Created", "A new resource was created; the Location header points to it.", "iana",
         "RFC 9110, Section 15.3.2", "permanent"),
    SLOT(202, "Accepted", "Accepted for processing but not yet acted on. Use for async jobs.",
         "iana", "RFC 9110, Section 15.3.3", "permanent"),
    SLOT(203, "Non-Authoritative Information",
         "Metadata is a transformed version from an upstream — rare.", "iana",
         "RFC 9110, Section 15.3.4", "permanent"),
    SLOT(204, "No Content", "Success; no body to return. Useful for DELETE and PUT.", "iana",
         "RFC 9110, Section 15.3.5", "permanent"),
    SLOT(205, "Reset Content", "Reset the document view that initiated the request.", "iana",
         "RFC 9110, Section 15.3.6", "permanent"),
    SLOT(206, "Partial Content", "Range request fulfilled (resumable downloads, video streaming).",
         "iana", "RFC 9110, Section 15.3.7", "permanent"),
    SLOT(207, "Multi-Status", "WebDAV — body contains an XML report of multiple results.", "iana",
         "RFC 4918, Section 11.1", "permanent"),
    SLOT(208, "Already Reported",
         "WebDAV — a member already listed earlier in this Multi-Status response is not repeated.",
         "iana", "RFC 5842, Section 7.1", "permanent"),
    SLOT(218, "This is fine",
         "Unofficial — an error passed on as if it were a success; attributed to Apache, but no "
         "Apache document defines it.",
         "apache", "Wikipedia \"List of HTTP status codes\" (Miscellaneous)", NULL),
    SLOT(226, "IM Used",
         "Delta encoding — the body is a set of changes (e.g. a diff) against a version the client "
         "already has.",
         "iana", "RFC 3229, Section 10.4.1", "permanent"),
    SLOT(300, "Multiple Choices", "Multiple representations; client picks one.", "iana",
         "RFC 9110, Section 15.4.1", "permanent"),
    SLOT(301, "Moved Permanently",
         "Resource moved permanently — update bookmarks and link targets.", "iana",
         "RFC 9110, Section 15.4.2", "permanent"),
    SLOT(302, "Found",
         "Temporarily at a different URI. Method may be changed to GET (historical behavior).",
         "iana", "RFC 9110, Section 15.4.3", "permanent"),
    SLOT(303, "See Other", "Use GET to retrieve the response at the Location URI.", "iana",
         "RFC 9110, Section 15.4.4", "permanent"),
    SLOT(304, "Not Modified", "Cached resource still valid. No body returned.", "iana",
         "RFC 9110, Section 15.4.5", "permanent"),
    SLOT(305, "Use Proxy",
         "Deprecated — asked the client to repeat the request through the proxy named in Location; "
         "not safe to honor.",
         "iana", "RFC 9110, Section 15.4.6", "permanent"),
    SLOT(306, "(Unused)", "Reserved — an early draft used it to switch proxies; never sent today.",
         "iana", "RFC 9110, Section 15.4.7", "unused"),
    SLOT(307, "Temporary Redirect", "Like 302 but the method must be preserved.", "iana",
         "RFC 9110, Section 15.4.8", "permanent"),
    SLOT(308, "Permanent Redirect", "Like 301 but the method must be preserved.", "iana",
         "RFC 9110, Section 15.4.9", "permanent"),
    SLOT(400, "Bad Request", "Malformed syntax or invalid request framing.", "iana",
         "RFC 9110, Section 15.5.1", "permanent"),
    SLOT(401, "Unauthorized", "Authentication required (despite the name, not authorization).",
         "iana", "RFC 9110, Section 15.5.2", "permanent"),
    SLOT(402, "Payment Required", "Reserved; used by some paywalls.", "iana",
         "RFC 9110, Section 15.5.3", "permanent"),
    SLOT(403, "Forbidden", "The server understood the request but refuses authorization.", "iana",
         "RFC 9110, Section 15.5.4", "permanent"),
    SLOT(404, "Not Found", "No resource at this URI; may be temporary or permanent.", "iana",
         "RFC 9110, Section 15.5.5", "permanent"),
    SLOT(405, "Method Not Allowed", "Method known but not supported for this resource.", "iana",
         "RFC 9110, Section 15.5.6", "permanent"),
    SLOT(406, "Not Acceptable", "No representation satisfies the Accept headers.", "iana",
         "RFC 9110, Section 15.5.7", "permanent"),
    SLOT(407, "Proxy Authentication Required",
         "Like 401, but the client must authenticate with the proxy (see Proxy-Authenticate).",
         "iana", "RFC 9110, Section 15.5.8", "permanent"),
    SLOT(408, "Request Timeout", "Client took too long to send the request.", "iana",
         "RFC 9110, Section 15.5.9", "permanent"),
    SLOT(409, "Conflict",
         "Current resource state conflicts with the request (e.g. edit conflicts).", "iana",
         "RFC 9110, Section 15.5.10", "permanent"),
    SLOT(410, "Gone", "Resource intentionally removed; do not retry.", "iana",
         "RFC 9110, Section 15.5.11", "permanent"),
    SLOT(411, "Length Required", "Content-Length missing.", "iana", "RFC 9110, Section 15.5.12",
         "permanent"),
    SLOT(412, "Precondition Failed", "An If-Match or similar precondition failed.", "iana",
         "RFC 9110, Section 15.5.13", "permanent"),
    SLOT(413, "Payload Too Large", "Body exceeds server's accepted size.", "iana",
         "RFC 9110, Section 15.5.14", "permanent"),
    SLOT(414, "URI Too Long", "URI exceeds server limits.", "iana", "RFC 9110, Section 15.5.15",
         "permanent"),
    SLOT(415, "Unsupported Media Type", "Server can't handle the request's media type.", "iana",
         "RFC 9110, Section 15.5.16", "permanent"),
    SLOT(416, "Range Not Satisfiable",
         "The requested byte range lies outside the resource (e.g. past the end of the file).",
         "iana", "RFC 9110, Section 15.5.17", "permanent"),
    SLOT(417, "Expectation Failed", "Server can't meet the request's Expect header.", "iana",
         "RFC 9110, Section 15.5.18", "permanent"),
    SLOT(418, "I'm a teapot",
         "RFC 2324 April Fools' joke. Used in real life by humorous error pages.", "iana",
         "RFC 9110, Section 15.5.19", "unused"),
    SLOT(419, "Page Expired",
         "Laravel: the CSRF token is missing or expired; reload the form and submit again.",
         "laravel", "laravel/framework src/Illuminate/Foundation/Exceptions/views/419.blade.php",
         NULL),
    SLOT(420, "Enhance Your Calm", "Twitter API v1: rate-limited; later versions send 429 instead.",
         "twitter", "Wikipedia \"List of HTTP status codes\" (Twitter)", NULL),
    SLOT(421, "Misdirected Request",
         "The request reached a server that can't answer for this host (e.g. a reused HTTP/2 "
         "connection).",
         "iana", "RFC 9110, Section 15.5.20", "permanent"),
    SLOT(422, "Unprocessable Content",
         "Syntactically valid request, semantically wrong (e.g. validation errors).", "iana",
         "RFC 9110, Section 15.5.21", "permanent"),
    SLOT(423, "Locked", "WebDAV — the resource is locked.", "iana", "RFC 4918, Section 11.3",
         "permanent"),
    SLOT(424, "Failed Dependency",
         "WebDAV — the action failed because an action it depended on failed.", "iana",
         "RFC 4918, Section 11.4", "permanent"),
    SLOT(425, "Too Early", "Server unwilling to risk replay.", "iana", "RFC 8470, Section 5.2",
         "permanent"),
    SLOT(426, "Upgrade Required", "Client must use a newer protocol (e.g. TLS upgrade).", "iana",
         "RFC 9110, Section 15.5.22", "permanent"),
    SLOT(428, "Precondition Required",
         "Server requires conditional requests to prevent lost-update.", "iana",
         "RFC 6585, Section 3", "permanent"),
    SLOT(429, "Too Many Requests",
         "Rate-limited. Retry-After header tells client when to try again.", "iana",
         "RFC 6585, Section 4", "permanent"),
    SLOT(430, "Shopify Security Rejection",
         "Shopify: the request was rejected as possibly malicious.", "shopify",
         "Wikipedia \"List of HTTP status codes\" (Shopify)", NULL),
    SLOT(431, "Request Header Fields Too Large", "Headers exceed server limits.", "iana",
         "RFC 6585, Section 5", "permanent"),
    SLOT(440, "Login Time-out",
         "Microsoft IIS / Outlook Web Access: the session expired; log in again.", "microsoft-iis",
         "Microsoft TechNet \"How to Troubleshoot the 440 Login Timeout Error Message in Outlook "
         "Web Access\"",
         NULL),
    SLOT(444, "No Response",
         "nginx: the connection was closed without sending any response; seen only in logs and "
         "config (return 444).",
         "nginx", "nginx src/http/ngx_http_request.h (NGX_HTTP_CLOSE)", NULL),
    SLOT(449, "Retry With",
         "Microsoft WebDAV: the request lacked needed information; retry it with the header the "
         "server asks for.",
         "microsoft-iis", "Microsoft [MS-WDV] 2.2.6 \"449 Retry With Status Code\"", NULL),
    SLOT(450, "Blocked by Windows Parental Controls",
         "Windows Parental Controls blocked access to the page.", "microsoft-iis",
         "Wikipedia \"List of HTTP status codes\" (IIS section)", NULL),
    SLOT(451, "Unavailable For Legal Reasons",
         "Geographic or legal restriction blocks the resource.", "iana", "RFC 7725, Section 3",
         "permanent"),
    SLOT(460, "Client Closed Connection",
         "AWS load balancer: the client closed the connection early, before the idle timeout; seen "
         "in access logs.",
         "aws-elb",
         "awsdocs/elb-application-load-balancers-user-guide "
         "doc_source/load-balancer-troubleshooting.md \"HTTP 460\"",
         NULL),
    SLOT(463, "Too Many Forwarded IP Addresses",
         "AWS load balancer: the X-Forwarded-For header lists more than 30 IP addresses.",
         "aws-elb",
         "awsdocs/elb-application-load-balancers-user-guide "
         "doc_source/load-balancer-troubleshooting.md \"HTTP 463\"",
         NULL),
    SLOT(
        464, "Incompatible Protocol Versions",
        "AWS load balancer: the request's protocol doesn't match the target group's (e.g. HTTP/1.1 "
        "vs gRPC).",
        "aws-elb",
        "awsdocs/elb-application-load-balancers-user-guide "
        "doc_source/load-balancer-troubleshooting.md \"HTTP 464\"",
        NULL),
    SLOT(494, "Request Header Too Large",
         "nginx: the request headers or cookies are too large; logged as 494, sent as 400.",
         "nginx", "nginx src/http/ngx_http_request.h (NGX_HTTP_REQUEST_HEADER_TOO_LARGE)", NULL),
    SLOT(495, "SSL Certificate Error",
         "nginx: the client certificate is invalid; logged as 495, sent as 400.", "nginx",
         "nginx src/http/ngx_http_request.h (NGX_HTTPS_CERT_ERROR)", NULL),
    SLOT(496, "SSL Certificate Required",
         "nginx: a client certificate is required but none was sent; logged as 496, sent as 400.",
         "nginx", "nginx src/http/ngx_http_request.h (NGX_HTTPS_NO_CERT)", NULL),
    SLOT(497, "HTTP Request Sent to HTTPS Port",
         "nginx: a plain HTTP request arrived on an HTTPS port; logged as 497, sent as 400.",
         "nginx", "nginx src/http/ngx_http_request.h (NGX_HTTP_TO_HTTPS)", NULL),
    SLOT(498, "Invalid Token", "Esri ArcGIS Server: the token is expired or invalid.", "esri",
         "Wikipedia (ArcGIS Server); allinurl/goaccess#239", NULL),
    SLOT(499, "Client Closed Request",
         "nginx: the client closed the connection before the response was sent; never sent on the "
         "wire.",
         "nginx", "nginx src/http/ngx_http_request.h (NGX_HTTP_CLIENT_CLOSED_REQUEST)", NULL),
    SLOT(500, "Internal Server Error", "Generic catch-all. Check server logs.", "iana",
         "RFC 9110, Section 15.6.1", "permanent"),
    SLOT(501, "Not Implemented", "Server doesn't support the requested method.", "iana",
         "RFC 9110, Section 15.6.2", "permanent"),
    SLOT(502, "Bad Gateway", "An upstream server returned an invalid response.", "iana",
         "RFC 9110, Section 15.6.3", "permanent"),
    SLOT(503, "Service Unavailable",
         "Server overloaded or undergoing maintenance. Often comes with Retry-After.", "iana",
         "RFC 9110, Section 15.6.4", "permanent"),
    SLOT(504, "Gateway Timeout", "An upstream server didn't respond in time.", "iana",
         "RFC 9110, Section 15.6.5", "permanent"),
    SLOT(505, "HTTP Version Not Supported", "Server doesn't support the HTTP version used.", "iana",
         "RFC 9110, Section 15.6.6", "permanent"),
    SLOT(
        506, "Variant Also Negotiates",
        "Content negotiation misconfigured — the chosen variant is itself negotiable, so no answer "
        "can be picked.",
        "iana", "RFC 2295, Section 8.1", "permanent"),
    SLOT(507, "Insufficient Storage", "WebDAV — out of storage to perform the operation.", "iana",
         "RFC 4918, Section 11.5", "permanent"),
    SLOT(508, "Loop Detected", "WebDAV — server detected an infinite loop.", "iana",
         "RFC 5842, Section 7.2", "permanent"),
    SLOT(509, "Bandwidth Limit Exceeded",
         "Unregistered — the site used up its hosting bandwidth allowance (Apache, cPanel); still "
         "in Node's table.",
         "apache",
         "Wikipedia (Apache; also cPanel); Node lib/_http_server.js STATUS_CODES; jshttp/statuses "
         "codes.json",
         NULL),
    SLOT(510, "Not Extended",
         "Historic — the server requires an HTTP extension (RFC 2774) that the request did not "
         "declare.",
         "iana", "RFC 2774, Section 7; Status change of HTTP experiments to Historic", "obsoleted"),
    SLOT(511, "Network Authentication Required",
         "Captive portal — client must authenticate to access the network.", "iana",
         "RFC 6585, Section 6", "permanent"),
    SLOT(
        520, "Web Server Returned an Unknown Error",
        "Cloudflare: the origin returned an empty, unknown or unexpected response.", "cloudflare",
        "cloudflare-docs support/troubleshooting/http-status-codes/cloudflare-5xx-errors/index.mdx",
        NULL),
    SLOT(
        521, "Web Server Is Down", "Cloudflare: the origin refused the connection.", "cloudflare",
        "cloudflare-docs support/troubleshooting/http-status-codes/cloudflare-5xx-errors/index.mdx",
        NULL),
    SLOT(
        522, "Connection Timed Out", "Cloudflare: timed out connecting to the origin.",
        "cloudflare",
        "cloudflare-docs support/troubleshooting/http-status-codes/cloudflare-5xx-errors/index.mdx",
        NULL),
    SLOT(
        523, "Origin Is Unreachable",
        "Cloudflare: could not reach the origin (e.g. DNS or routing problem).", "cloudflare",
        "cloudflare-docs support/troubleshooting/http-status-codes/cloudflare-5xx-errors/index.mdx",
        NULL),
    SLOT(
        524, "A Timeout Occurred",
        "Cloudflare: connected to the origin, but it didn't send an HTTP response in time.",
        "cloudflare",
        "cloudflare-docs support/troubleshooting/http-status-codes/cloudflare-5xx-errors/index.mdx",
        NULL),
    SLOT(
        525, "SSL Handshake Failed", "Cloudflare: the TLS handshake with the origin failed.",
        "cloudflare",
        "cloudflare-docs support/troubleshooting/http-status-codes/cloudflare-5xx-errors/index.mdx",
        NULL),
    SLOT(
        526, "Invalid SSL Certificate",
        "Cloudflare: the origin's TLS certificate could not be validated.", "cloudflare",
        "cloudflare-docs support/troubleshooting/http-status-codes/cloudflare-5xx-errors/index.mdx",
        NULL),
    SLOT(527, "Railgun Error", "Cloudflare (obsolete): the Railgun link to the origin failed.",
         "cloudflare", "Wikipedia \"List of HTTP status codes\" (Cloudflare)", NULL),
    SLOT(529, "Site is overloaded",
         "Qualys SSL Labs API: the service is overloaded; try again later.", "qualys",
         "Wikipedia \"List of HTTP status codes\" (SSLLabs server testing API)", NULL),
    SLOT(
        530, "Origin Unavailable",
        "Cloudflare: the origin hostname could not be resolved; the body carries a 1xxx error with "
        "details.",
        "cloudflare",
        "cloudflare-docs "
        "support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-530.mdx",
        NULL),
    SLOT(540, "Temporarily Disabled", "Shopify: the requested endpoint is temporarily disabled.",
         "shopify", "Wikipedia \"List of HTTP status codes\" (Shopify)", NULL),
    SLOT(561, "Unauthorized",
         "AWS load balancer: the identity provider returned an error during listener-rule "
         "authentication.",
         "aws-elb",
         "awsdocs/elb-application-load-balancers-user-guide "
         "doc_source/load-balancer-troubleshooting.md \"HTTP 561: Unauthorized\"",
         NULL),
    SLOT(598, "Network read timeout error",
         "Informal proxy code: timed out reading the response from the server behind the proxy.",
         "informal-proxy", "Wikipedia \"List of HTTP status codes\" (Miscellaneous)", NULL),
    SLOT(599, "Network Connect Timeout Error",
         "Informal proxy code: timed out connecting to the server behind the proxy.",
         "informal-proxy",
         "Wikipedia \"List of HTTP status codes\" (Miscellaneous); laminas-diactoros "
         "src/Response.php",
         NULL),
};

/* Other vendors' meanings of codes that already have a row above, sorted by
** code, then source. */
const struct http_status_row http_status_alternates[] = {
    ROW(103, "Checkpoint",
        "Spring (legacy, removed in 7.0): resumable-upload checkpoint from a Google Gears "
        "proposal.",
        "spring",
        "spring-framework HttpStatus.java CHECKPOINT(103) (<=6.x; removed in 7.0, commit "
        "9ddbf800b97)",
        NULL),
    ROW(419, "Insufficient Space On Resource",
        "Spring (legacy, removed in 7.0), from a WebDAV draft: not enough space to store the "
        "resource.",
        "spring",
        "spring-framework HttpStatus.java INSUFFICIENT_SPACE_ON_RESOURCE (deprecated; removed in "
        "7.0, commit 83c020eea53)",
        NULL),
    ROW(420, "Method Failure",
        "Spring (legacy, removed in 7.0), from a WebDAV draft: the method failed on the resource.",
        "spring",
        "spring-framework HttpStatus.java METHOD_FAILURE (deprecated; removed in 7.0, commit "
        "83c020eea53)",
        NULL),
    ROW(421, "Destination Locked",
        "Spring (legacy, removed in 7.0), from a WebDAV draft: the destination resource is locked.",
        "spring",
        "spring-framework HttpStatus.java DESTINATION_LOCKED (deprecated; removed in 7.0, commit "
        "83c020eea53)",
        NULL),
    ROW(451, "Redirect",
        "Exchange ActiveSync: the mailbox is served elsewhere; the client should run Autodiscover "
        "again.",
        "microsoft-iis", "Microsoft [MS-ASHTTP] 2.2.2.1.1 Status Line (Exchange ActiveSync)", NULL),
    ROW(499, "Token Required", "Esri ArcGIS Server: a token is required but none was sent.", "esri",
        "Wikipedia (ArcGIS Server); allinurl/goaccess#239", NULL),
    ROW(508, "Resource Limit Is Reached",
        "cPanel hosting: the account hit its CPU, memory or process limits.", "cpanel",
        "Wikipedia \"List of HTTP status codes\" (cPanel)", NULL),
    ROW(530, "Site is frozen", "Pantheon: the site was frozen for inactivity.", "pantheon",
        "Wikipedia \"List of HTTP status codes\" (Pantheon)", NULL),
};
const int http_status_alternate_count =
    (int)(sizeof(http_status_alternates) / sizeof(http_status_alternates[0]));

/* Other names of a code, so that reverse lookup finds them; sorted by code,
** then name (byte order). "iana": the registry's current name, where the row
** uses the seed's; "former": an earlier official name; "common": a spelling
** that libraries or vendors use. No alias repeats its row's name in another
** case. 418's "(Unused)" is also 306's row name; reverse lookup gives 306. */
const struct http_status_alias http_status_aliases[] = {
    {203, "Non Authoritative Information", "common",
     "Rust http crate StatusCode::canonical_reason"},
    {302, "Moved Temporarily", "former", "RFC 1945, Section 9.3"},
    {306, "Switch Proxy", "former", "draft-cohen-http-305-306-responses-00 (1997)"},
    {413, "Content Too Large", "iana", "RFC 9110, Section 15.5.14"},
    {413, "Request Entity Too Large", "former", "RFC 2616, Section 10.4.14"},
    {414, "Request URI Too Long", "common", "Go net/http StatusText"},
    {414, "Request-URI Too Long", "former", "RFC 2616, Section 10.4.15"},
    {416, "Requested Range Not Satisfiable", "former", "RFC 2616, Section 10.4.17"},
    {418, "(Unused)", "iana", "RFC 9110, Section 15.5.19"},
    {422, "Unprocessable Entity", "former", "RFC 4918, Section 11.2"},
    {440, "Login Timeout", "common",
     "Microsoft TechNet \"How to Troubleshoot the 440 Login Timeout Error Message in Outlook Web "
     "Access\""},
    {444, "Connection Closed Without Response", "common", "laminas-diactoros src/Response.php"},
    {494, "Request Header Or Cookie Too Large", "common",
     "nginx src/http/ngx_http_special_response.c (error page title)"},
};
const int http_status_alias_count =
    (int)(sizeof(http_status_aliases) / sizeof(http_status_aliases[0]));

/* The five classes, by first digit; each description is the seed's text
** under the class heading. */
const struct http_status_class http_status_classes[] = {
    {1, TEXT("Informational"),
     "The request has been received and the server is continuing to process. Modern clients rarely "
     "need to handle 1xx responses directly; servers send them and frameworks deal with them "
     "transparently."},
    {2, TEXT("Success"),
     "The request was successfully received, understood, and accepted. The most common HTTP status "
     "class in any healthy application."},
    {3, TEXT("Redirection"),
     "Further action must be taken to fulfil the request. The Location header tells the client "
     "where to go next."},
    {4, TEXT("Client Error"),
     "The request contains bad syntax, is unauthorized, or cannot otherwise be fulfilled with this "
     "client and this request."},
    {5, TEXT("Server Error"),
     "The server failed to fulfil an apparently valid request. The problem is on the server side."},
};
const int http_status_class_count =
    (int)(sizeof(http_status_classes) / sizeof(http_status_classes[0]));

/* The seed's notes on codes that are often confused. */
const struct http_status_note http_status_notes[] = {
    {"301 vs 308", 301, 308,
     "Both are permanent redirects. 301 historically allowed clients to change the method to GET; "
     "308 requires preserving the original method. For modern APIs that need to redirect POST "
     "requests intact, use 308."},
    {"401 vs 403", 401, 403,
     "401 means \"I don't know who you are — authenticate.\" 403 means \"I know who you are, and "
     "you're not allowed.\" Both are about access, but they answer different questions."},
};
const int http_status_note_count = (int)(sizeof(http_status_notes) / sizeof(http_status_notes[0]));

/* Every source named by a row or an alternate, sorted by name (byte order). */
const struct http_status_source http_status_sources[] = {
    {"apache", "Codes attributed to the Apache HTTP Server or Apache-based hosting; none is in any "
               "Apache specification."},
    {"aws-elb", "Codes AWS Elastic Load Balancing (Application Load Balancer) logs or returns, "
                "from its troubleshooting guide."},
    {"cloudflare",
     "Codes Cloudflare returns when it cannot get a valid answer from the origin server."},
    {"cpanel", "Codes cPanel shared hosting returns when an account exceeds its resource limits."},
    {"esri", "Codes Esri ArcGIS Server returns for token authentication."},
    {"iana", "The IANA HTTP Status Code Registry (RFC 9110 and the RFCs it cites)."},
    {"informal-proxy", "Informal codes some HTTP proxies use for timeouts behind the proxy; no "
                       "vendor or document owns them."},
    {"laravel", "Codes the Laravel PHP framework returns."},
    {"microsoft-iis",
     "Codes Microsoft IIS, Outlook Web Access, Exchange ActiveSync and Microsoft WebDAV use."},
    {"nginx", "Codes nginx writes to its access log for conditions it handles itself; most are "
              "never sent as such."},
    {"pantheon", "Codes the Pantheon website hosting platform returns."},
    {"qualys", "Codes the Qualys SSL Labs server-testing API returns."},
    {"shopify", "Codes the Shopify e-commerce platform returns."},
    {"spring", "Legacy constants of the Spring Framework HttpStatus enum (6.x and earlier), from "
               "WebDAV and other drafts."},
    {"twitter", "Codes the Twitter API returned."},
};
const int http_status_source_count =
    (int)(sizeof(http_status_sources) / sizeof(http_status_sources[0]));
