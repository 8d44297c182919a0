import Foundation

/// An HTTP/1.x request head checked byte by byte, for `RequestGuardHandler`: the request line
/// `METHOD SP target SP HTTP/1.x` and `name: value` fields, as RFC 9112 has them. Anything NIO's
/// decoder would reject is rejected here first, so a malformed request gets an answer.
struct RequestHead {
    var method: String
    var target: String
    /// Field names lower-case, in order.
    var fields: [(name: String, value: String)]

    /// - Throws: `LiveAccessRule.Refusal` 400 naming what is wrong, or 431 over `maxFields` fields.
    init(_ bytes: [UInt8], maxFields: Int) throws {
        var lines = Self.lines(bytes)
        guard let requestLine = lines.first, !requestLine.isEmpty else { throw Self.bad("the request line is empty") }
        lines.removeFirst()
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Self.bad("the request line is not METHOD TARGET HTTP/1.1") }
        guard !parts[0].isEmpty, parts[0].allSatisfy(Self.isTokenByte) else { throw Self.bad("the method is not a token") }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Self.bad("the request target has spaces, control or non-ASCII bytes")
        }
        guard ["HTTP/1.1", "HTTP/1.0"].contains(String(decoding: parts[2], as: UTF8.self)) else {
            throw Self.bad("the protocol is not HTTP/1.0 or HTTP/1.1")
        }
        method = String(decoding: parts[0], as: UTF8.self)
        target = String(decoding: parts[1], as: UTF8.self)
        fields = []
        for line in lines where !line.isEmpty {
            guard fields.count < maxFields else {
                throw LiveAccessRule.Refusal(status: 431, text: "431 request header fields too large: over \(maxFields) header fields")
            }
            fields.append(try Self.field(line))
        }
        let lengths = Set(fields.filter { $0.name == "content-length" }.map(\.value))
        guard lengths.count <= 1, lengths.allSatisfy({ !$0.isEmpty && $0.count <= 18 && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw Self.bad("Content-Length is not one decimal number")
        }
        guard fields.filter({ $0.name == "host" }).count <= 1 else { throw Self.bad("more than one Host header") }
    }

    /// The first value of a field (name lower-case).
    func field(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    var contentLength: Int? { field("content-length").flatMap { Int($0) } }

    /// `token` from the target's query, percent-decoded.
    var queryToken: String? {
        URLComponents(string: "http://h" + (target.hasPrefix("/") ? target : "/"))?
            .queryItems?.first { $0.name == "token" }?.value
    }

    /// Lines split at LF, a CR before it dropped.
    private static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { $0.last == 0x0D ? $0.dropLast() : $0 }
    }

    private static func field(_ line: ArraySlice<UInt8>) throws -> (name: String, value: String) {
        guard let first = line.first, first != 0x20, first != 0x09 else { throw bad("a folded header line (obsolete, refused)") }
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex,
              line[line.startIndex..<colon].allSatisfy(isTokenByte) else {
            throw bad("a header line is not NAME: VALUE")
        }
        let value = line[line.index(after: colon)...]
        // Control bytes other than tab are refused; bytes over 0x7F are obs-text, allowed.
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else { throw bad("a header value has control bytes") }
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
        return (name, String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces))
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || "!#$%&'*+-.^_`|~".utf8.contains(b)
    }

    private static func bad(_ what: String) -> LiveAccessRule.Refusal {
        LiveAccessRule.Refusal(status: 400, text: "400 bad request: \(what)")
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
