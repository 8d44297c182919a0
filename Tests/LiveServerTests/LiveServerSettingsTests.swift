import Foundation
import PoseCore
import Testing
@testable import LiveServer

@Suite struct LiveServerSettingsTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080), (":9000", "127.0.0.1", 9000), ("8081", "127.0.0.1", 8081),
        ("localhost:80", "localhost", 80), ("[::1]:8080", "::1", 8080), ("127.1.2.3:0", "127.1.2.3", 0),
    ])
    func loopbackAddressesParse(_ text: String, _ host: String, _ port: Int) throws {
        let s = try LiveServerSettings(address: text, token: nil)
        #expect(s.host == host)
        #expect(s.port == port)
        #expect(s.isLoopback)
    }

    @Test(arguments: ["0.0.0.0:8080", "192.168.1.10:8080", "[::]:8080", "example.org:8080", "10.0.0.1:1"])
    func nonLoopbackNeedsAToken(_ text: String) throws {
        let error = #expect(throws: HingeCheckError.self) { try LiveServerSettings(address: text, token: nil) }
        #expect(error?.message.contains("refusing") == true)
        #expect(error?.hint?.contains("--token") == true)
        let withToken = try LiveServerSettings(address: text, token: "s3cret")
        #expect(!withToken.isLoopback)
    }

    @Test(arguments: ["127.0.0.1:http", "127.0.0.1:70000", "[::1", "[::1]8080"])
    func badAddressesAreRefused(_ text: String) {
        #expect(throws: HingeCheckError.self) { try LiveServerSettings(address: text, token: nil) }
    }

    @Test func tokensAreCheckedExactly() throws {
        let s = try LiveServerSettings(address: "127.0.0.1:0", token: "abc123")
        #expect(s.accepts("abc123"))
        #expect(!s.accepts("abc12"))
        #expect(!s.accepts("abc1234"))
        #expect(!s.accepts(nil))
        #expect(!s.accepts(""))
        #expect(try LiveServerSettings(address: "127.0.0.1:0", token: nil).accepts(nil))
        #expect(throws: HingeCheckError.self) { try LiveServerSettings(address: "127.0.0.1:0", token: "") }
        #expect(throws: HingeCheckError.self) { try LiveServerSettings(address: "127.0.0.1:0", token: "a b") }
    }

    @Test func thePageURLCarriesTheToken() throws {
        #expect(try LiveServerSettings(address: "0.0.0.0:8080", token: "t").pageURL() == "http://127.0.0.1:8080/?token=t")
        #expect(try LiveServerSettings(address: "[::1]:0", token: nil).pageURL(port: 5000) == "http://[::1]:5000/")
    }
}
