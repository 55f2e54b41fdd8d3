import { anEventSnapshot, aValidDraft } from './chain.fakes';
import { PriceCalculator } from './price.calculator';

describe(PriceCalculator.name, () => {
  it('computes the total in exact cents, free of floating-point drift', async () => {
    const draft = aValidDraft({ cantidad: 3, event: anEventSnapshot({ precio: 19.99 }) });
    await new PriceCalculator().handle(draft);
    expect(draft.precioCentavos).toBe(1999);
    expect(draft.montoCentavos).toBe(5997);
  });

  it('prices a free event at zero', async () => {
    const draft = aValidDraft({ cantidad: 4, event: anEventSnapshot({ precio: 0 }) });
    await new PriceCalculator().handle(draft);
    expect(draft.montoCentavos).toBe(0);
  });
});
