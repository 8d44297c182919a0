import Foundation

/// Who may use the live view: one rule, applied to every request by the connection guard
/// (`RequestGuardHandler`, on the raw request head, WebSocket upgrades included) and again by
/// the router (`AccessMiddleware`, for the in-process test client and as a second line).
///
/// In this order:
/// 1. `Host` must name this server: the bound address; `localhost`, `127.0.0.1` and `[::1]`
///    when bound to loopback; any IP literal when bound to every interface (`0.0.0.0`/`::`);
///    and the names in `allowedHosts`. A DNS-rebinding page reaches the server under its own
///    name, so its `Host` is refused (403). A missing `Host` is a malformed request (400).
/// 2. A browser request made by another page is refused (403): an `Origin` (always sent on a
///    WebSocket, and on cross-origin fetches) whose host and port are not the `Host` itself,
///    or `Sec-Fetch-Site: cross-site` (an `<img>` or `<video>` of another site).
/// 3. With a token, the token (401), compared in constant time.
public struct LiveAccessRule: Sendable {
    public let settings: LiveServerSettings

    /// Why a request is refused: the status and a line for the person (or script) that sent it.
    public struct Refusal: Sendable, Hashable, Error {
        public var status: Int
        public var text: String
    }

    public init(settings: LiveServerSettings) {
        self.settings = settings
    }

    /// - Parameters:
    ///   - host: the `Host` header (or HTTP/2 `:authority`), with its port, as sent.
    ///   - origin: the `Origin` header, when sent.
    ///   - fetchSite: the `Sec-Fetch-Site` header, when sent.
    ///   - token: the token the request carries (query, `Authorization: Bearer` or `X-HingeCheck-Token`).
    /// - Returns: nil when the request may go on.
    public func check(host: String?, origin: String?, fetchSite: String?, token: String?) -> Refusal? {
        guard let host, !host.isEmpty else {
            return Refusal(status: 400, text: "400 bad request: no Host header (HTTP/1.1 requires one)")
        }
        guard let name = Self.hostName(ofAuthority: host), allows(name) else {
            return Refusal(status: 403, text: "403 forbidden: Host \"\(host)\" is not this live view's address (\(settings.host)); "
                + "open the URL `hingecheck live` printed, or start it with --allow-host NAME")
        }
        if let origin, !Self.isSameOrigin(origin, host: host) {
            return Refusal(status: 403, text: "403 forbidden: a page of another site (Origin \(origin)) may not use the live view")
        }
        if fetchSite?.lowercased() == "cross-site" {
            return Refusal(status: 403, text: "403 forbidden: a page of another site may not embed the live view")
        }
        if !settings.accepts(token) {
            return Refusal(status: 401, text: "401 unauthorized: this HingeCheck live view needs its token: "
                + "open /?token=TOKEN, or send the header Authorization: Bearer TOKEN")
        }
        return nil
    }

    /// Whether `name` (lower-case, no port, IPv6 without brackets) is a name of this server.
    func allows(_ name: String) -> Bool {
        let bound = settings.host.lowercased()
        if name == bound || settings.allowedHosts.contains(name) { return true }
        if settings.isLoopback && LiveServerSettings.isLoopback(name) { return true }
        // Bound to every interface: the machine's addresses are not known here, but an IP
        // literal cannot be re-pointed by DNS, so only names need --allow-host.
        if bound == "0.0.0.0" || bound == "::" { return Self.isIPLiteral(name) }
        return false
    }

    /// `host[:port]` or `[v6]:port` → the host, lower-case, without brackets; nil when malformed.
    static func hostName(ofAuthority authority: String) -> String? {
        let a = authority.lowercased()
        if a.hasPrefix("[") {
            guard let close = a.firstIndex(of: "]") else { return nil }
            let rest = a[a.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber)) else { return nil }
            return String(a[a.index(after: a.startIndex)..<close])
        }
        let parts = a.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let first = parts.first, !first.isEmpty else { return nil }
        if parts.count == 2, !parts[1].allSatisfy(\.isNumber) { return nil }
        guard first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else { return nil }
        return String(first)
    }

    /// An `Origin` is this server when its authority is the `Host` the request was sent to
    /// (the page and its WebSocket come from one address); the scheme may be https behind a TLS proxy.
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        let o = origin.lowercased(), h = host.lowercased()
        for scheme in ["http://", "https://"] where o.hasPrefix(scheme) {
            let authority = String(o.dropFirst(scheme.count))
            if authority == h { return true }
            // A default port may be left out on one side.
            let defaultPort = scheme == "http://" ? ":80" : ":443"
            if authority + defaultPort == h || authority == h + defaultPort { return true }
        }
        return false
    }

    static func isIPLiteral(_ name: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }
}
