import { Injectable } from '@nestjs/common';
import { uniqueViolation } from '@service-desk/auth';
import {
  badInput,
  conflict,
  Cursor,
  isUuid,
  newId,
  notFound,
  RequestContext,
  requireId,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_CSAT_QUESTION,
  DEFAULT_SERVQUAL_ITEMS,
  DEFAULT_TEMPLATE_LANGUAGE,
  DEFAULT_TEMPLATE_NAME,
  type TemplateItemDraft,
} from './default-template.js';
import type { CreateSurveyTemplateInput, UpdateSurveyTemplateInput } from './dto/survey-template.input.js';
import type { ServqualDimension } from './servqual.js';
import type { SurveyItemObject, SurveyTemplateConnection, SurveyTemplateObject } from './survey.object.js';

export interface TemplateRow {
  id: string;
  name: string;
  language: string;
  active: boolean;
  version: number;
  previous_version_id: string | null;
  seeded: boolean;
  csat_question: string | null;
  created_at: Date;
  updated_at: Date;
}

interface ItemRow {
  id: string;
  template_id: string;
  dimension: ServqualDimension;
  text: string;
  text_en: string | null;
  position: number;
}

interface TemplateContent {
  name: string;
  language: string;
  csatQuestion: string | null;
  items: readonly TemplateItemDraft[];
}

const toItem = (row: ItemRow): SurveyItemObject => ({
  id: row.id,
  dimension: row.dimension,
  text: row.text,
  textEn: row.text_en,
  position: row.position,
});

const VERSION_TAKEN = 'survey_templates_tenant_id_previous_version_id_key';
const IDEMPOTENCY_TAKEN = 'survey_templates_tenant_id_idempotency_key_key';

/** Empty text clears an optional question; surrounding blanks are not kept. */
const optionalText = (value: string | null | undefined): string | null => value?.trim() || null;

/**
 * Survey templates: the default SERVQUAL questionnaire (created once per tenant, on first use),
 * templates of the owner's own, and their versions. A template that has responses is never changed, so
 * the answers keep the statements they were given for.
 */
@Injectable()
export class SurveyTemplatesService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  /** Creates the tenant's default SERVQUAL template unless it exists (safe under concurrent calls). */
  async ensureDefault(tx: EntityManager): Promise<void> {
    const [exists] = await tx.query(
      `SELECT 1 FROM survey_templates WHERE tenant_id = app_tenant_id() AND seeded`,
    );
    if (exists) return;
    const id = newId();
    const inserted: Array<{ id: string }> = await tx.query(
      `INSERT INTO survey_templates (tenant_id, id, name, language, seeded, csat_question)
       VALUES (app_tenant_id(), $1, $2, $3, true, $4)
       ON CONFLICT (tenant_id) WHERE seeded DO NOTHING RETURNING id`,
      [id, DEFAULT_TEMPLATE_NAME, DEFAULT_TEMPLATE_LANGUAGE, DEFAULT_CSAT_QUESTION],
    );
    if (inserted.length === 0) return;
    await this.insertItems(tx, id, DEFAULT_SERVQUAL_ITEMS);
    await this.events.append(tx, {
      type: 'survey.template_created',
      entity: { kind: 'survey_template', id },
      data: { version: 1, items: DEFAULT_SERVQUAL_ITEMS.length, isDefault: true },
    });
  }

  /** The template to use when the caller names none: the newest active one (the default, at first). */
  async current(tx: EntityManager): Promise<TemplateRow> {
    await this.ensureDefault(tx);
    const [row]: TemplateRow[] = await tx.query(
      `SELECT * FROM survey_templates WHERE tenant_id = app_tenant_id() AND active ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
    if (!row) throw badInput('No survey template is active: activate one or name the template');
    return row;
  }

  /** A template to answer now: it must exist in the tenant (else NOT_FOUND) and be active. */
  async usable(tx: EntityManager, rawId: string | null | undefined): Promise<TemplateRow> {
    if (!rawId) return this.current(tx);
    const [row]: TemplateRow[] = await tx.query(
      `SELECT * FROM survey_templates WHERE tenant_id = app_tenant_id() AND id = $1`,
      [requireId(rawId, 'Template id')],
    );
    if (!row) throw notFound('Survey template');
    if (!row.active) throw badInput('The survey template is retired; use its latest version');
    return row;
  }

  async itemsOf(tx: EntityManager, templateId: string): Promise<SurveyItemObject[]> {
    const rows: ItemRow[] = await tx.query(
      `SELECT * FROM survey_items WHERE tenant_id = app_tenant_id() AND template_id = $1 ORDER BY position`,
      [templateId],
    );
    return rows.map(toItem);
  }

  async create(input: CreateSurveyTemplateInput): Promise<SurveyTemplateObject> {
    const content: TemplateContent = {
      name: input.name?.trim() || DEFAULT_TEMPLATE_NAME,
      language: input.language ?? DEFAULT_TEMPLATE_LANGUAGE,
      csatQuestion:
        input.csatQuestion === undefined || input.csatQuestion === null
          ? DEFAULT_CSAT_QUESTION
          : optionalText(input.csatQuestion),
      items: input.items ? cleanItems(input.items) : DEFAULT_SERVQUAL_ITEMS,
    };
    return this.translate(() =>
      this.db.transaction(async (tx) => {
        if (input.idempotencyKey) {
          const [existing] = await tx.query(
            `SELECT id FROM survey_templates WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
            [input.idempotencyKey],
          );
          if (existing) return this.load(tx, existing.id);
        }
        const id = await this.insertTemplate(tx, content, {
          version: 1,
          previousVersionId: null,
          active: true,
          idempotencyKey: input.idempotencyKey ?? null,
        });
        await this.events.append(tx, {
          type: 'survey.template_created',
          entity: { kind: 'survey_template', id },
          data: { version: 1, items: content.items.length, isDefault: false },
        });
        return this.load(tx, id);
      }),
    );
  }

  /**
   * Applies changes. Without responses the template changes in place; with responses, changed content
   * goes into a new version (the old one is retired) and the new version is returned. Only the latest
   * version may be edited, and of two concurrent edits that version one template, one wins (CONFLICT).
   */
  async update(input: UpdateSurveyTemplateInput): Promise<SurveyTemplateObject> {
    const id = requireId(input.templateId, 'Template id');
    return this.translate(() =>
      this.db.transaction(async (tx) => {
        const [row]: TemplateRow[] = await tx.query(
          `SELECT * FROM survey_templates WHERE tenant_id = app_tenant_id() AND id = $1 FOR UPDATE`,
          [id],
        );
        if (!row) throw notFound('Survey template');
        const [successor] = await tx.query(
          `SELECT id FROM survey_templates WHERE tenant_id = app_tenant_id() AND previous_version_id = $1`,
          [id],
        );
        if (successor)
          throw conflict(`A newer version of this template exists (${successor.id}); edit that one`);
        const current = await this.itemsOf(tx, id);
        // The same statements given again are no change (and make no new version).
        const items =
          input.items && !sameItems(cleanItems(input.items), current) ? cleanItems(input.items) : null;
        const content: TemplateContent = {
          name: input.name?.trim() || row.name,
          language: input.language ?? row.language,
          csatQuestion:
            input.csatQuestion === undefined || input.csatQuestion === null
              ? row.csat_question
              : optionalText(input.csatQuestion),
          items: items ?? current,
        };
        const active = input.active ?? row.active;
        const contentChanged =
          content.name !== row.name ||
          content.language !== row.language ||
          content.csatQuestion !== row.csat_question ||
          items !== null;
        if (!contentChanged && active === row.active) return this.load(tx, id);

        const [{ n: responses }] = await tx.query(
          `SELECT count(*)::int AS n FROM survey_responses WHERE tenant_id = app_tenant_id() AND template_id = $1`,
          [id],
        );
        if (contentChanged && responses > 0) {
          const next = await this.insertTemplate(tx, content, {
            version: row.version + 1,
            previousVersionId: id,
            active,
            idempotencyKey: null,
          });
          await tx.query(
            `UPDATE survey_templates SET active = false, updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
            [id],
          );
          await this.events.append(tx, {
            type: 'survey.template_versioned',
            entity: { kind: 'survey_template', id: next },
            data: { previousVersionId: id, version: row.version + 1, items: content.items.length, active },
          });
          return this.load(tx, next);
        }
        await tx.query(
          `UPDATE survey_templates SET name = $2, language = $3, csat_question = $4, active = $5, updated_at = now()
           WHERE tenant_id = app_tenant_id() AND id = $1`,
          [id, content.name, content.language, content.csatQuestion, active],
        );
        if (items) {
          await tx.query(`DELETE FROM survey_items WHERE tenant_id = app_tenant_id() AND template_id = $1`, [
            id,
          ]);
          await this.insertItems(tx, id, items);
        }
        await this.events.append(tx, {
          type: 'survey.template_updated',
          entity: { kind: 'survey_template', id },
          data: { version: row.version, items: content.items.length, active, itemsReplaced: items !== null },
        });
        return this.load(tx, id);
      }),
    );
  }

  get(rawId: string): Promise<SurveyTemplateObject> {
    const id = requireId(rawId, 'Template id');
    return this.db.transaction(async (tx) => this.load(tx, id));
  }

  /** Templates, newest first (UUIDv7 ids sort by creation); keyset-paginated on id. The default is made on first use. */
  list(filter: {
    active?: boolean | null;
    first: number;
    after?: string | null;
  }): Promise<SurveyTemplateConnection> {
    const [afterId] = filter.after ? Cursor.decode(filter.after, 1) : [null];
    if (filter.after && (typeof afterId !== 'string' || !isUuid(afterId))) throw badInput('Malformed cursor');
    return this.db.transaction(async (tx) => {
      await this.ensureDefault(tx);
      const rows: Array<{ id: string }> = await tx.query(
        `SELECT id FROM survey_templates
         WHERE tenant_id = app_tenant_id() AND ($1::boolean IS NULL OR active = $1) AND ($2::uuid IS NULL OR id < $2::uuid)
         ORDER BY id DESC LIMIT $3`,
        [filter.active ?? null, afterId, filter.first + 1],
      );
      const templates = await this.loadMany(
        tx,
        rows.map((row) => row.id),
      );
      return toConnection(templates, filter.first, (template) => [template.id]);
    });
  }

  /** One template with its items and response count; NOT_FOUND when the tenant has no such template. */
  async load(tx: EntityManager, id: string): Promise<SurveyTemplateObject> {
    const [template] = await this.loadMany(tx, [id]);
    if (!template) throw notFound('Survey template');
    return template;
  }

  /** Templates in the order of `ids`, in three statements whatever their number. */
  private async loadMany(tx: EntityManager, ids: string[]): Promise<SurveyTemplateObject[]> {
    if (ids.length === 0) return [];
    const rows: TemplateRow[] = await tx.query(
      `SELECT * FROM survey_templates WHERE tenant_id = app_tenant_id() AND id = ANY($1)`,
      [ids],
    );
    const items: ItemRow[] = await tx.query(
      `SELECT * FROM survey_items WHERE tenant_id = app_tenant_id() AND template_id = ANY($1) ORDER BY template_id, position`,
      [ids],
    );
    const counts: Array<{ template_id: string; n: number }> = await tx.query(
      `SELECT template_id, count(*)::int AS n FROM survey_responses
       WHERE tenant_id = app_tenant_id() AND template_id = ANY($1) GROUP BY template_id`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          id: row.id,
          name: row.name,
          language: row.language,
          active: row.active,
          version: row.version,
          previousVersionId: row.previous_version_id,
          isDefault: row.seeded,
          csatQuestion: row.csat_question,
          items: items.filter((item) => item.template_id === id).map(toItem),
          responseCount: counts.find((count) => count.template_id === id)?.n ?? 0,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        },
      ];
    });
  }

  private async insertTemplate(
    tx: EntityManager,
    content: TemplateContent,
    meta: {
      version: number;
      previousVersionId: string | null;
      active: boolean;
      idempotencyKey: string | null;
    },
  ): Promise<string> {
    const id = newId();
    await tx.query(
      `INSERT INTO survey_templates (tenant_id, id, name, language, active, version, previous_version_id, csat_question, idempotency_key, created_by)
       VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        content.name,
        content.language,
        meta.active,
        meta.version,
        meta.previousVersionId,
        content.csatQuestion,
        meta.idempotencyKey,
        RequestContext.actorOrNull()?.userId ?? null,
      ],
    );
    await this.insertItems(tx, id, content.items);
    return id;
  }

  /** All items of a template in one statement; positions follow the list order from 1. */
  private async insertItems(
    tx: EntityManager,
    templateId: string,
    items: readonly TemplateItemDraft[],
  ): Promise<void> {
    await tx.query(
      `INSERT INTO survey_items (tenant_id, id, template_id, dimension, text, text_en, position)
       SELECT app_tenant_id(), item.id, $1, item.dimension, item.text, item.text_en, item.position
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[]) AS item(id, dimension, text, text_en, position)`,
      [
        templateId,
        items.map(() => newId()),
        items.map((item) => item.dimension),
        items.map((item) => item.text),
        items.map((item) => item.textEn),
        items.map((_, index) => index + 1),
      ],
    );
  }

  private async translate<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === VERSION_TAKEN) throw conflict('The template was versioned concurrently; reload it');
      if (constraint === IDEMPOTENCY_TAKEN)
        throw conflict('A template with this idempotency key is being created');
      throw error;
    }
  }
}

function cleanItems(
  items: ReadonlyArray<{ dimension: ServqualDimension; text: string; textEn?: string | null }>,
) {
  return items.map((item) => ({
    dimension: item.dimension,
    text: item.text.trim(),
    textEn: optionalText(item.textEn),
  }));
}

function sameItems(a: readonly TemplateItemDraft[], b: readonly TemplateItemDraft[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (item, i) =>
        item.dimension === b[i].dimension &&
        item.text === b[i].text &&
        (item.textEn ?? null) === (b[i].textEn ?? null),
    )
  );
}
