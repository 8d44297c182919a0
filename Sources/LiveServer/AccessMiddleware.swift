import Foundation
import Hummingbird

/// Applies `LiveAccessRule` to every routed request: 400 without a `Host`, 403 for a `Host`
/// that is not this server or a request from another site's page, 401 without the session's
/// token (when it has one), each with a line saying what to do. The token may come as
/// `?token=T`, `Authorization: Bearer T` or `X-HingeCheck-Token: T`.
///
/// The connection guard (`RequestGuardHandler`) applies the same rule to the raw request head
/// before Hummingbird sees it (a refused WebSocket upgrade would otherwise be answered 400);
/// this middleware keeps the rule for the in-process test client and any other way in.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let rule: LiveAccessRule

    init(settings: LiveServerSettings) {
        rule = LiveAccessRule(settings: settings)
    }

    static func token(in request: Request) -> String? {
        if let q = request.uri.queryParameters["token"] { return String(q) }
        return RequestGuardHandler.token(authorization: request.headers[.authorization],
                                         custom: request.headers.first { $0.name.canonicalName == "x-hingecheck-token" }?.value)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let refusal = rule.check(host: request.head.authority, origin: request.headers[.origin],
                                 fetchSite: request.headers.first { $0.name.canonicalName == "sec-fetch-site" }?.value,
                                 token: Self.token(in: request))
        guard let refusal else { return try await next(request, context) }
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        if refusal.status == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"hingecheck-live\"" }
        return Response(status: .init(code: refusal.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: refusal.text + "\n")))
    }
}
