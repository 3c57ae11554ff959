/**
 * Every error the HTTP API can answer with, by code (fastify's `FST_ERR_*` idea). The hub's
 * central error handler only ever sends codes from this registry; the dashboard shows `vi`.
 * A test fails when a code is missing here or unused by the hub.
 */
export interface ErrorCodeSpec {
  readonly status: number;
  readonly en: string;
  readonly vi: string;
}

const spec = (status: number, en: string, vi: string): ErrorCodeSpec => ({ status, en, vi });

export const ERROR_CODES = {
  CW_ERR_VALIDATION: spec(400, 'The request is invalid', 'Yêu cầu không hợp lệ'),
  CW_ERR_BAD_BODY: spec(400, 'The request body could not be read', 'Không đọc được nội dung yêu cầu'),
  CW_ERR_UNAUTHENTICATED: spec(401, 'Sign in first (no or expired session)', 'Vui lòng đăng nhập (phiên không có hoặc đã hết hạn)'),
  CW_ERR_BAD_CREDENTIALS: spec(401, 'Wrong username or password', 'Sai tên đăng nhập hoặc mật khẩu'),
  CW_ERR_FORBIDDEN: spec(403, 'Your role may not do this', 'Vai trò của bạn không được phép thực hiện thao tác này'),
  CW_ERR_NOT_FOUND: spec(404, 'Not found (or outside your area)', 'Không tìm thấy (hoặc ngoài địa bàn của bạn)'),
  CW_ERR_ROUTE_NOT_FOUND: spec(404, 'No such endpoint', 'Không có địa chỉ này'),
  CW_ERR_CONFLICT: spec(409, 'Conflicts with the current state', 'Xung đột với dữ liệu hiện có'),
  CW_ERR_LINK_EXPIRED: spec(410, 'This link has expired or was already used', 'Liên kết đã hết hạn hoặc đã được dùng'),
  CW_ERR_PAYLOAD_TOO_LARGE: spec(413, 'The request body is too large', 'Nội dung yêu cầu quá lớn'),
  CW_ERR_UNSUPPORTED_MEDIA_TYPE: spec(415, 'Unsupported content type', 'Kiểu nội dung không được hỗ trợ'),
  CW_ERR_INVENTORY_INVALID: spec(422, 'The inventory has problems', 'Danh mục thiết bị có lỗi'),
  CW_ERR_IMPORT_INVALID: spec(422, 'The spreadsheet has bad rows; nothing was imported', 'Bảng tính có dòng lỗi; chưa nhập dòng nào'),
  CW_ERR_RATE_LIMITED: spec(429, 'Too many attempts, wait a moment', 'Quá nhiều lần thử, vui lòng đợi'),
  CW_ERR_INTERNAL: spec(500, 'Internal error', 'Lỗi hệ thống'),
  CW_ERR_UNAVAILABLE: spec(503, 'Temporarily unavailable', 'Tạm thời không phục vụ được'),
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];
