import Foundation
import Hummingbird

/// Refuses every request without the session's token (when it has one): 401 with a line
/// saying how to pass it. The token may come as `?token=T`, `Authorization: Bearer T` or
/// `X-HingeCheck-Token: T`.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let settings: LiveServerSettings

    static func token(in request: Request) -> String? {
        if let q = request.uri.queryParameters["token"] { return String(q) }
        if let auth = request.headers[.authorization], auth.lowercased().hasPrefix("bearer ") {
            return String(auth.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        return request.headers.first { $0.name.canonicalName == "x-hingecheck-token" }?.value
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard settings.token != nil else { return try await next(request, context) }
        guard settings.accepts(Self.token(in: request)) else {
            let text = "401 unauthorized: this HingeCheck live view needs its token: open /?token=TOKEN, or send the header Authorization: Bearer TOKEN\n"
            return Response(status: .unauthorized,
                            headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: "Bearer realm=\"hingecheck-live\""],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        return try await next(request, context)
    }
}
