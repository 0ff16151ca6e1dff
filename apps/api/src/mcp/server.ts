import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { getTool, toolNames } from '@hub/confluence';
import type { Request, RequestHandler, Response } from 'express';

import type { ApiKeyPrincipal } from '../auth/principal.js';
import { HubError } from '../errors.js';
import { BodyRefusal, isJson, readJsonText } from '../http/json-body.js';
import { logSafeError } from '../http/log-safe-error.js';
import { authenticateRequest, type ApiServices } from '../trpc/context.js';
import { hubManifests } from '../trpc/routers/tools.js';
import { invokeTool, toolsFor, type ToolCallScope } from '../trpc/tool-calls.js';

export const MCP_PATH = '/mcp';

export interface McpLimits {
  /** Largest request body (a page body rides in tools/call). */
  maxBytes: number;
  maxDepth: number;
}

const INSTRUCTIONS =
  'Confluence Cloud through Integrations Hub. Start with get_confluence_spaces or search_confluence_pages to ' +
  'find content, read a page with get_confluence_page before changing it, and pass the version you read to ' +
  'update_confluence_page (for a small change to a large page, send `edits` rather than the whole body). Writes ' +
  'take an idempotencyKey (retry with the same key: nothing is written twice) and dryRun (preview, writes ' +
  'nothing). Every tool takes an optional connectionId (see its description); tool errors carry ' +
  'a kind (NOT_CONNECTED, NOT_FOUND, VERSION_CONFLICT, FORBIDDEN_TOOL, POLICY_DENIED, …) and what to do next.';

/**
 * `/mcp`: a Model Context Protocol server over Streamable HTTP (the official SDK), stateless so that any API
 * process behind a load balancer answers any request: each POST gets its own server and transport, bound to the
 * API key that sent it, and JSON responses (no SSE stream to keep). Tools come from the registry through the same
 * gate as tRPC (tools/list shows what the key may call; tools/call is `invokeTool`, recorded in the activity log).
 *
 * Authentication is an API key (`Authorization: Bearer hub_…`), read before the body; the body is read after,
 * size- and depth-limited. Protocol misuse gets JSON-RPC errors with 4xx statuses, never a 500.
 */
export function mcpRoute(services: ApiServices, limits: McpLimits): RequestHandler {
  return (req, res) => {
    handle(services, limits, req, res).catch((error: unknown) => {
      if (error instanceof HubError && error.kind === 'UNAVAILABLE') {
        rpcError(res, 503, -32000, error.message, { 'Retry-After': '2' });
        return;
      }
      services.logger.error({ error: logSafeError(error) }, 'MCP request failed');
      if (!res.headersSent)
        rpcError(res, 500, ErrorCode.InternalError, 'Internal error; the server log has details');
      else res.end();
    });
  };
}

async function handle(services: ApiServices, limits: McpLimits, req: Request, res: Response): Promise<void> {
  res.set('Cache-Control', 'no-store');
  if (req.method !== 'POST') {
    // Stateless: no stream to open (GET) and no session to end (DELETE).
    res.set('Allow', 'POST');
    rpcError(
      res,
      405,
      -32000,
      `${req.method} is not supported here: send JSON-RPC requests with POST ${MCP_PATH}`,
    );
    return;
  }
  const principal = await apiKeyOf(services, req, res);
  if (principal === null) return;
  if (!isJson(req)) {
    res.set('Connection', 'close');
    rpcError(res, 415, ErrorCode.InvalidRequest, 'Send MCP messages as application/json');
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(await readJsonText(req, { limitBytes: limits.maxBytes, maxDepth: limits.maxDepth }));
  } catch (error) {
    if (error instanceof BodyRefusal) {
      res.set('Connection', 'close');
      rpcError(
        res,
        error.status,
        error.status === 413 ? ErrorCode.InvalidRequest : ErrorCode.ParseError,
        error.message,
      );
      return;
    }
    if (error instanceof SyntaxError) {
      rpcError(res, 400, ErrorCode.ParseError, 'The request body is not valid JSON');
      return;
    }
    throw error;
  }

  const scope: ToolCallScope = { ...services, principal, workspaceId: principal.workspaceId };
  const server = createMcpServer(scope);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

/** The key behind the request, or null after answering 401 (MCP clients read `WWW-Authenticate`). */
async function apiKeyOf(services: ApiServices, req: Request, res: Response): Promise<ApiKeyPrincipal | null> {
  const refuse = (message: string) => {
    res.set('WWW-Authenticate', 'Bearer realm="Integrations Hub"');
    res.set('Connection', 'close');
    rpcError(res, 401, -32001, message);
    return null;
  };
  if (req.headers.authorization === undefined) {
    return refuse(`Send "Authorization: Bearer <api key>" with a key from Integrations → API keys`);
  }
  // Only the Authorization header counts here: a browser's session cookie must not reach an agent endpoint.
  const { principal, authProblem } = await authenticateRequest(services, {
    authorization: req.headers.authorization,
  });
  if (principal?.kind !== 'apiKey')
    return refuse(authProblem ?? 'The API key is invalid, expired or revoked');
  return principal;
}

function rpcError(
  res: Response,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.status(status).set(headers).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * One server per request, bound to its caller. The tool handlers are set on the protocol server directly: the
 * tools are the registry's (JSON Schema already made, input validated by the same gate as tRPC), not McpServer's
 * own zod-registered ones.
 */
export function createMcpServer(scope: ToolCallScope): McpServer {
  const mcp = new McpServer(
    { name: 'integrations-hub', title: 'Integrations Hub: Confluence', version: '1.0.0' },
    { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS },
  );
  const { server } = mcp;

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const callable = new Set((await toolsFor(scope)).map((tool) => tool.name));
    const tools: Tool[] = hubManifests()
      .filter((manifest) => callable.has(manifest.name))
      .map((manifest) => ({
        name: manifest.name,
        title: manifest.title,
        description: manifest.description,
        inputSchema: manifest.inputSchema as Tool['inputSchema'],
        outputSchema: manifest.outputSchema as Tool['outputSchema'],
        annotations: { title: manifest.title, ...manifest.annotations },
      }));
    return { tools };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    if (getTool(name) === undefined) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool "${name}". Available tools: ${toolNames.join(', ')}.`,
      );
    }
    const outcome = await invokeTool(scope, name, args ?? {}, undefined, extra.signal);
    if (outcome.ok) {
      const result = outcome.result as Record<string, unknown>;
      return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
    }
    const { kind, message } = outcome.error;
    return {
      isError: true,
      content: [{ type: 'text', text: `${kind}: ${message}` }],
      // The whole error (kind, retryable, currentVersion, connections, …) for clients that read it.
      _meta: { 'integrations-hub/error': outcome.error },
    };
  });

  return mcp;
}
