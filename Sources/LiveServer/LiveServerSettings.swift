import Foundation
import PoseCore

/// Where the browser view listens, and who may look (`hingecheck live --serve HOST:PORT [--token T]`).
///
/// The view shows a camera: it binds to the loopback interface unless told otherwise, and a
/// non-loopback address needs a token, which every request must then carry (`?token=T`, or the
/// header `Authorization: Bearer T`, or `X-HingeCheck-Token: T`). A token given on loopback
/// is enforced too.
///
/// Every request must also name this server in its `Host` header (the bound address, the
/// loopback names when bound to loopback, or a name in `allowedHosts`), and a browser request
/// from another page (`Origin` or `Sec-Fetch-Site: cross-site`) is refused: see `LiveAccessRule`.
public struct LiveServerSettings: Sendable, Hashable {
    public var host: String
    /// 0 picks a free port (reported when the server is up).
    public var port: Int
    public var token: String?
    /// Extra names the `Host` header may carry (`--allow-host`), e.g. the machine's DNS name
    /// when bound to 0.0.0.0, or the name a TLS proxy forwards. Lower-case, no port.
    public var allowedHosts: [String]

    /// The default address: loopback, port 8080.
    public static let defaultAddress = "127.0.0.1:8080"

    /// - Throws: `HingeCheckError` `.invalidArgument` for a non-loopback host without a token,
    ///   an empty token, or a port out of range.
    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, allowedHosts: [String] = []) throws {
        self.host = host
        self.port = port
        self.token = token
        self.allowedHosts = allowedHosts.map { $0.lowercased() }
        try validate()
    }

    /// Parses `HOST:PORT`, `[IPv6]:PORT`, `:PORT` (loopback) or `PORT` (loopback).
    /// - Throws: `.invalidArgument` naming what is wrong.
    public init(address: String, token: String?, allowedHosts: [String] = []) throws {
        var host = "127.0.0.1"
        var portText = address
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]") else {
                throw HingeCheckError(.invalidArgument, "--serve \(address): missing ] after the IPv6 address", hint: "e.g. --serve [::1]:8080")
            }
            host = String(address[address.index(after: address.startIndex)..<close])
            let rest = address[address.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw HingeCheckError(.invalidArgument, "--serve \(address): expected :PORT after the address", hint: "e.g. --serve [::1]:8080")
            }
            portText = String(rest.dropFirst())
        } else if let colon = address.lastIndex(of: ":") {
            let h = String(address[..<colon])
            if !h.isEmpty { host = h }
            portText = String(address[address.index(after: colon)...])
        }
        guard let port = Int(portText) else {
            throw HingeCheckError(.invalidArgument, "--serve \(address): \"\(portText)\" is not a port number",
                                  hint: "give HOST:PORT, e.g. --serve \(Self.defaultAddress)")
        }
        try self.init(host: host, port: port, token: token, allowedHosts: allowedHosts)
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public var isLoopback: Bool { Self.isLoopback(host) }

    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// - Throws: `.invalidArgument` for a non-loopback host without a token, an empty token,
    ///   or a port out of range.
    public func validate() throws {
        guard (0...65_535).contains(port) else {
            throw HingeCheckError(.invalidArgument, "--serve: port \(port) is out of range (0-65535)")
        }
        if let token, token.isEmpty || token.contains(where: { $0.isWhitespace }) {
            throw HingeCheckError(.invalidArgument, "--token must be a non-empty word without spaces")
        }
        for name in allowedHosts where name.isEmpty || name.contains(where: { $0.isWhitespace || ":/[]@".contains($0) }) {
            throw HingeCheckError(.invalidArgument, "--allow-host \"\(name)\": give a host name or IPv4 address without port or scheme",
                                  hint: "e.g. --allow-host studio.local")
        }
        if !isLoopback && token == nil {
            throw HingeCheckError(
                .invalidArgument,
                "refusing to serve the live view on \(host): that address can be reached from other machines, and the view shows the camera",
                hint: "bind to loopback (--serve \(Self.defaultAddress)), or give --token SECRET; every request must then carry ?token=SECRET or the header Authorization: Bearer SECRET")
        }
    }

    /// The URL a person opens (with the token in the query when there is one).
    public func pageURL(port actualPort: Int? = nil) -> String {
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let h = shownHost.contains(":") ? "[\(shownHost)]" : shownHost
        var url = "http://\(h):\(actualPort ?? port)/"
        if let token { url += "?token=\(token.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? token)" }
        return url
    }

    /// Whether `given` matches the token (constant time in the token's length).
    public func accepts(_ given: String?) -> Bool {
        guard let token else { return true }
        guard let given else { return false }
        let a = Array(token.utf8), b = Array(given.utf8)
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<a.count { diff |= a[i] ^ (i < b.count ? b[i] : 0) }
        return diff == 0
    }
}
