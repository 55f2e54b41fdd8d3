import fc from 'fast-check';
import { anEventSnapshot, aValidDraft } from './chain.fakes';
import { PriceCalculator } from './price.calculator';

/** Exact cents for every price the events service accepts (0 to 10,000,000 with two decimals). */
describe(`${PriceCalculator.name} (properties)`, () => {
  const cents = fc.integer({ min: 0, max: 1_000_000_000 });
  const quantity = fc.integer({ min: 1, max: 1_000 });

  async function price(precioCentavos: number, cantidad: number) {
    const draft = aValidDraft({ cantidad, event: anEventSnapshot({ precio: precioCentavos / 100 }) });
    await new PriceCalculator().handle(draft);
    return draft;
  }

  it('charges exactly the unit price in cents times the quantity', async () => {
    await fc.assert(
      fc.asyncProperty(cents, quantity, async (unit, cantidad) => {
        const draft = await price(unit, cantidad);
        expect(draft.precioCentavos).toBe(unit);
        expect(draft.montoCentavos).toBe(unit * cantidad);
        expect(Number.isSafeInteger(draft.montoCentavos)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('prices two purchases as one of their combined quantity, to the cent', async () => {
    await fc.assert(
      fc.asyncProperty(cents, quantity, quantity, async (unit, first, second) => {
        const [a, b, both] = await Promise.all([price(unit, first), price(unit, second), price(unit, first + second)]);
        expect(a.montoCentavos! + b.montoCentavos!).toBe(both.montoCentavos);
      }),
      { numRuns: 300 },
    );
  });
});
