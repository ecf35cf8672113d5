// Shared helpers for the fake's own tests.
import { expect } from "vitest";
import { createExcelFake, type ExcelFake, type ExcelFakeOptions } from "../../support/excel-fake";

export function newFake(options: ExcelFakeOptions = {}): ExcelFake {
  return createExcelFake({ now: () => new Date(2025, 4, 20, 9, 30), ...options });
}

/** Runs a batch and returns the OfficeExtension.Error it rejects with (fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<OfficeExtension.Error> {
  try {
    await promise;
  } catch (error) {
    return error as OfficeExtension.Error;
  }
  expect.fail("expected the batch to fail");
}

/** The error a synchronous call throws. */
export function thrown(f: () => unknown): OfficeExtension.Error {
  try {
    f();
  } catch (error) {
    return error as OfficeExtension.Error;
  }
  expect.fail("expected the call to throw");
}
