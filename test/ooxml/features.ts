/**
 * What real workbooks hold, one feature per workbook, each written part by part on top of the
 * base workbook of fixtures.ts. `owned` names the parts beyond the assessed sheet, styles and
 * calcChain that a run may rewrite for that feature.
 */
import { CT, PNG_1X1, baseWorkbook, ns, sheetRels, type BaseOptions, type Parts } from './fixtures';

export interface Feature {
  name: string;
  parts: Parts;
  /** Parts a run may also rewrite here. */
  owned?: string[];
  /** The file name's extension. */
  ext?: string;
}

const { XML_DECL, RT } = ns;
const X14 = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/main';
const XM = 'http://schemas.microsoft.com/office/excel/2006/main';
const C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';

function override(part: string, type: string): string {
  return `<Override PartName="/${part}" ContentType="${type}"/>`;
}

function chartXml(ref: string): string {
  return (
    `${XML_DECL}<c:chartSpace xmlns:c="${C}" xmlns:a="${A}" xmlns:r="${ns.R}"><c:chart><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/>` +
    `<c:val><c:numRef><c:f>${ref}</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart>` +
    `<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="b"/><c:crossAx val="2"/></c:catAx>` +
    `<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="l"/><c:crossAx val="1"/></c:valAx>` +
    `</c:plotArea></c:chart></c:chartSpace>`
  );
}

function anchor(inner: string, row: number): string {
  return (
    `<xdr:twoCellAnchor><xdr:from><xdr:col>11</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>16</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row + 10}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>${inner}<xdr:clientData/></xdr:twoCellAnchor>`
  );
}

function chartDrawing(rid: string): string {
  return (
    `${XML_DECL}<xdr:wsDr xmlns:xdr="${XDR}" xmlns:a="${A}">` +
    anchor(
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Diagram 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${C}">` +
        `<c:chart xmlns:c="${C}" xmlns:r="${ns.R}" r:id="${rid}"/></a:graphicData></a:graphic></xdr:graphicFrame>`,
      12,
    ) +
    '</xdr:wsDr>'
  );
}

function feature(name: string, opts: BaseOptions, extra: Parts = {}, more: Partial<Feature> = {}): Feature {
  return { name, parts: { ...baseWorkbook(opts), ...extra }, ...more };
}

export function features(): Feature[] {
  const list: Feature[] = [];

  list.push(
    feature(
      'chart on the sheet and on Budget',
      {
        applications: { tail: ['<drawing r:id="rId1"/>'] },
        budget: { tail: ['<drawing r:id="rId1"/>'] },
        contentTypes: [
          override('xl/drawings/drawing1.xml', CT.drawing),
          override('xl/drawings/drawing2.xml', CT.drawing),
          override('xl/charts/chart1.xml', CT.chart),
          override('xl/charts/chart2.xml', CT.chart),
        ].join(''),
      },
      {
        'xl/worksheets/_rels/sheet1.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/drawing" Target="../drawings/drawing1.xml"/>`),
        'xl/worksheets/_rels/sheet2.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/drawing" Target="../drawings/drawing2.xml"/>`),
        'xl/drawings/drawing1.xml': chartDrawing('rId1'),
        'xl/drawings/drawing2.xml': chartDrawing('rId1'),
        'xl/drawings/_rels/drawing1.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/chart" Target="../charts/chart1.xml"/>`),
        'xl/drawings/_rels/drawing2.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/chart" Target="../charts/chart2.xml"/>`),
        'xl/charts/chart1.xml': chartXml("'Ansökningar'!$G$4:$G$7"),
        'xl/charts/chart2.xml': chartXml('Budget!$B$2:$B$3'),
      },
    ),
  );

  list.push(
    feature(
      'a pivot table (table, cache and records)',
      {
        extraSheets: '<sheet name="Pivot" sheetId="3" r:id="rId6"/>',
        workbookAfterSheets: ['<calcPr calcId="191029"/>', '<pivotCaches><pivotCache cacheId="1" r:id="rId7"/></pivotCaches>'],
        workbookRels:
          `<Relationship Id="rId6" Type="${RT}/worksheet" Target="worksheets/sheet3.xml"/>` +
          `<Relationship Id="rId7" Type="${RT}/pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/>`,
        contentTypes: [
          override('xl/worksheets/sheet3.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'),
          override('xl/pivotTables/pivotTable1.xml', CT.pivotTable),
          override('xl/pivotCache/pivotCacheDefinition1.xml', CT.pivotCacheDefinition),
          override('xl/pivotCache/pivotCacheRecords1.xml', CT.pivotCacheRecords),
        ].join(''),
      },
      {
        'xl/worksheets/sheet3.xml':
          `${XML_DECL}<worksheet xmlns="${ns.MAIN}"><sheetData><row r="3"><c r="A3" t="inlineStr"><is><t>Radetiketter</t></is></c><c r="B3" t="inlineStr"><is><t>Summa av Budgetram</t></is></c></row>` +
          '<row r="4"><c r="A4"><v>2025</v></c><c r="B4"><v>1500000</v></c></row><row r="5"><c r="A5"><v>2026</v></c><c r="B5"><v>1200000</v></c></row></sheetData></worksheet>',
        'xl/worksheets/_rels/sheet3.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/pivotTable" Target="../pivotTables/pivotTable1.xml"/>`),
        'xl/pivotTables/pivotTable1.xml':
          `${XML_DECL}<pivotTableDefinition xmlns="${ns.MAIN}" name="Pivottabell1" cacheId="1" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Värden" createdVersion="6" indent="0" outline="1" outlineData="1">` +
          '<location ref="A3:B5" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/><pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField><pivotField dataField="1" showAll="0"/></pivotFields>' +
          '<rowFields count="1"><field x="0"/></rowFields><rowItems count="2"><i><x/></i><i><x v="1"/></i></rowItems><colItems count="1"><i/></colItems>' +
          '<dataFields count="1"><dataField name="Summa av Budgetram" fld="1" baseField="0" baseItem="0"/></dataFields></pivotTableDefinition>',
        'xl/pivotTables/_rels/pivotTable1.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/>`),
        'xl/pivotCache/pivotCacheDefinition1.xml':
          `${XML_DECL}<pivotCacheDefinition xmlns="${ns.MAIN}" xmlns:r="${ns.R}" r:id="rId1" refreshedBy="Ekonom" refreshedDate="45658" createdVersion="6" refreshedVersion="6" recordCount="2">` +
          '<cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="Budget"/></cacheSource><cacheFields count="2">' +
          '<cacheField name="År" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="2025" maxValue="2026" count="2"><n v="2025"/><n v="2026"/></sharedItems></cacheField>' +
          '<cacheField name="Budgetram" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="1200000" maxValue="1500000"/></cacheField></cacheFields></pivotCacheDefinition>',
        'xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/>`),
        'xl/pivotCache/pivotCacheRecords1.xml': `${XML_DECL}<pivotCacheRecords xmlns="${ns.MAIN}" count="2"><r><x v="0"/><n v="1500000"/></r><r><x v="1"/><n v="1200000"/></r></pivotCacheRecords>`,
      },
    ),
  );

  list.push(
    feature(
      'threaded comments and legacy notes',
      {
        applications: { tail: ['<legacyDrawing r:id="rId2"/>'] },
        workbookRels: `<Relationship Id="rId8" Type="http://schemas.microsoft.com/office/2017/10/relationships/person" Target="persons/person.xml"/>`,
        contentTypes:
          '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>' +
          override('xl/comments1.xml', CT.comments) +
          override('xl/threadedComments/threadedComment1.xml', CT.threaded) +
          override('xl/persons/person.xml', CT.persons),
      },
      {
        'xl/worksheets/_rels/sheet1.xml.rels': sheetRels(
          `<Relationship Id="rId1" Type="${RT}/comments" Target="../comments1.xml"/>` +
            `<Relationship Id="rId2" Type="${RT}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>` +
            `<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/>`,
        ),
        'xl/comments1.xml':
          `${XML_DECL}<comments xmlns="${ns.MAIN}"><authors><author>tc={6A1C0A3E-0000-4000-8000-000000000001}</author><author>Ekonom</author></authors><commentList>` +
          '<comment ref="B4" authorId="0"><text><t>[Trådad kommentar] Kolla beloppet</t></text></comment>' +
          '<comment ref="C5" authorId="1"><text><r><rPr><b/></rPr><t>Ekonom:</t></r><r><t xml:space="preserve"> anteckning i klartext</t></r></text></comment></commentList></comments>',
        'xl/drawings/vmlDrawing1.vml':
          '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
          '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
          '<v:shape id="_x0000_s1025" type="#_x0000_t202" style="position:absolute;visibility:hidden" fillcolor="#ffffe1"><v:textbox/><x:ClientData ObjectType="Note"><x:Row>3</x:Row><x:Column>1</x:Column></x:ClientData></v:shape>' +
          '<v:shape id="_x0000_s1026" type="#_x0000_t202" style="position:absolute;visibility:hidden" fillcolor="#ffffe1"><v:textbox/><x:ClientData ObjectType="Note"><x:Row>4</x:Row><x:Column>2</x:Column></x:ClientData></v:shape></xml>',
        'xl/threadedComments/threadedComment1.xml':
          `${XML_DECL}<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="B4" dT="2025-01-10T10:00:00.00" personId="{11111111-0000-4000-8000-000000000001}" id="{6A1C0A3E-0000-4000-8000-000000000001}"><text>Kolla beloppet</text></threadedComment></ThreadedComments>`,
        'xl/persons/person.xml':
          `${XML_DECL}<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="Ekonom" id="{11111111-0000-4000-8000-000000000001}" userId="ekonom@example.org" providerId="AD"/></personList>`,
      },
    ),
  );

  list.push(
    feature(
      'an .xlsm with macros',
      {
        workbookContentType: CT.xlsm,
        workbookRels: `<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>`,
        contentTypes: `<Default Extension="bin" ContentType="${CT.vba}"/>`,
      },
      { 'xl/vbaProject.bin': Uint8Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) % 256) },
      { ext: '.xlsm' },
    ),
  );

  list.push(
    feature('defined names (formula, sheet-scoped, hidden)', {
      workbookAfterSheets: [
        '<definedNames><definedName name="Dold" hidden="1">Ansökningar!$A$3</definedName><definedName name="Lokal" localSheetId="1">Budget!$A$2</definedName>' +
          '<definedName name="Summa">SUM(Budget!$B$2:$B$4)</definedName></definedNames>',
        '<calcPr calcId="191029"/>',
      ],
    }),
  );

  list.push(
    feature('data validation on dates', {
      applications: {
        afterMerge: [
          '<dataValidations count="1"><dataValidation type="date" operator="between" allowBlank="1" showErrorMessage="1" sqref="E4:F100"><formula1>45658</formula1><formula2>46387</formula2></dataValidation></dataValidations>',
        ],
      },
    }),
  );

  list.push(
    feature('sparklines (x14 extension)', {
      applications: {
        tail: [
          `<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="${X14}"><x14:sparklineGroups xmlns:xm="${XM}">` +
            '<x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>Budget!B2:B3</xm:f><xm:sqref>K3</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>' +
            '</x14:sparklineGroups></ext></extLst>',
        ],
      },
    }),
  );

  list.push(
    feature('conditional formatting with an x14 rule referring to another sheet', {
      applications: {
        afterMerge: ['<conditionalFormatting sqref="G4:G7"><cfRule type="cellIs" dxfId="0" priority="2" operator="greaterThan"><formula>400000</formula></cfRule></conditionalFormatting>'],
        tail: [
          `<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="${X14}"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="${XM}">` +
            '<x14:cfRule type="expression" priority="1" id="{00000000-0000-4000-8000-000000000001}"><xm:f>$G4&gt;Budget!$B$2</xm:f><x14:dxf><font><b/></font></x14:dxf></x14:cfRule>' +
            '<xm:sqref>G4:G7</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>',
        ],
      },
    }),
  );

  list.push(feature('openpyxl-style absolute part names', { absoluteTargets: true }));
  list.push(feature('x:-prefixed XML (Open XML SDK)', { applications: { prefix: 'x:' }, budget: { prefix: 'x:' } }));
  list.push(
    feature('a LibreOffice-style workbook', {
      applications: { verbose: true, sheetPr: '<sheetPr filterMode="false"><pageSetUpPr fitToPage="false"/></sheetPr>' },
      workbookAfterSheets: ['<calcPr iterateCount="100" refMode="A1" iterate="false" iterateDelta="0.001"/>'],
    }),
  );

  list.push(
    // Issue 21: a protected applications sheet and a locked structure are refused as Excel refuses them
    // (test/cli/hostile-files.test.ts); a password on another sheet and a window lock are kept as they are.
    feature('sheet password on another sheet and a workbook window lock', {
      budget: { beforeMerge: ['<sheetProtection password="CC3D" sheet="1" objects="1" scenarios="1"/>'] },
      applications: { beforeMerge: ['<sheetProtection password="CC3D" sheet="0" objects="1" scenarios="1"/>'] },
      workbookBeforeSheets: '<workbookProtection workbookPassword="CC3D" lockWindows="1"/>',
    }),
  );

  list.push(
    feature(
      'custom properties and customXml (sensitivity label)',
      {
        rootRels: `<Relationship Id="rId4" Type="${RT}/custom-properties" Target="docProps/custom.xml"/>`,
        workbookRels: `<Relationship Id="rId10" Type="${RT}/customXml" Target="../customXml/item1.xml"/>`,
        contentTypes: override('docProps/custom.xml', CT.custom) + override('customXml/itemProps1.xml', CT.customXmlProps),
      },
      {
        'docProps/custom.xml':
          `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
          '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="MSIP_Label_0000_Enabled"><vt:lpwstr>true</vt:lpwstr></property>' +
          '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="MSIP_Label_0000_Name"><vt:lpwstr>Intern</vt:lpwstr></property></Properties>',
        'customXml/item1.xml': '<?xml version="1.0" encoding="utf-8"?><ct:contentTypeSchema xmlns:ct="http://schemas.microsoft.com/office/2006/metadata/contentType"/>',
        'customXml/itemProps1.xml':
          `${XML_DECL}<ds:datastoreItem ds:itemID="{00000000-0000-4000-8000-0000000000AA}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>`,
        'customXml/_rels/item1.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/customXmlProps" Target="itemProps1.xml"/>`),
      },
    ),
  );

  list.push(
    feature(
      'an image',
      {
        applications: { tail: ['<drawing r:id="rId1"/>'] },
        contentTypes: '<Default Extension="png" ContentType="image/png"/>' + override('xl/drawings/drawing1.xml', CT.drawing),
      },
      {
        'xl/worksheets/_rels/sheet1.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/drawing" Target="../drawings/drawing1.xml"/>`),
        'xl/drawings/drawing1.xml':
          `${XML_DECL}<xdr:wsDr xmlns:xdr="${XDR}" xmlns:a="${A}" xmlns:r="${ns.R}">` +
          anchor(
            '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Bild 1"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>' +
              '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="95250" cy="95250"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>',
            0,
          ) +
          '</xdr:wsDr>',
        'xl/drawings/_rels/drawing1.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/image" Target="../media/image1.png"/>`),
        'xl/media/image1.png': PNG_1X1,
      },
    ),
  );

  list.push(
    feature(
      'a table (ListObject) holding the applications',
      {
        applications: { tail: ['<tableParts count="1"><tablePart r:id="rId1"/></tableParts>'] },
        contentTypes: override('xl/tables/table1.xml', CT.table),
      },
      {
        'xl/worksheets/_rels/sheet1.xml.rels': sheetRels(`<Relationship Id="rId1" Type="${RT}/table" Target="../tables/table1.xml"/>`),
        'xl/tables/table1.xml': tableXml(),
      },
      { owned: ['xl/tables/table1.xml'] },
    ),
  );

  list.push(
    feature(
      'an autofilter',
      {
        applications: { beforeMerge: ['<autoFilter ref="A3:I7"/>'] },
        workbookAfterSheets: ['<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Ansökningar!$A$3:$I$7</definedName></definedNames>', '<calcPr calcId="191029"/>'],
      },
      {},
      { owned: ['xl/workbook.xml'] },
    ),
  );

  list.push(
    feature(
      'hidden sheets',
      {
        extraSheets: '<sheet name="Dold" sheetId="3" state="hidden" r:id="rId6"/><sheet name="Mycket dold" sheetId="4" state="veryHidden" r:id="rId7"/>',
        workbookRels:
          `<Relationship Id="rId6" Type="${RT}/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId7" Type="${RT}/worksheet" Target="worksheets/sheet4.xml"/>`,
        contentTypes:
          override('xl/worksheets/sheet3.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml') +
          override('xl/worksheets/sheet4.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'),
      },
      {
        'xl/worksheets/sheet3.xml': `${XML_DECL}<worksheet xmlns="${ns.MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hemligt</t></is></c></row></sheetData></worksheet>`,
        'xl/worksheets/sheet4.xml': `${XML_DECL}<worksheet xmlns="${ns.MAIN}"><sheetData/></worksheet>`,
      },
    ),
  );

  list.push(feature('merged cells', { applications: { afterMerge: [] } }));

  list.push(
    feature(
      'an external link',
      {
        workbookAfterSheets: ['<externalReferences><externalReference r:id="rId11"/></externalReferences>', '<calcPr calcId="191029"/>'],
        workbookRels: `<Relationship Id="rId11" Type="${RT}/externalLink" Target="externalLinks/externalLink1.xml"/>`,
        contentTypes: override('xl/externalLinks/externalLink1.xml', CT.externalLink),
      },
      {
        'xl/externalLinks/externalLink1.xml':
          `${XML_DECL}<externalLink xmlns="${ns.MAIN}" xmlns:r="${ns.R}"><externalBook r:id="rId1"><sheetNames><sheetName val="Blad1"/></sheetNames>` +
          '<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>42</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>',
        'xl/externalLinks/_rels/externalLink1.xml.rels': sheetRels(
          `<Relationship Id="rId1" Type="${RT}/externalLinkPath" Target="file:///C:/Ekonomi/budget.xlsx" TargetMode="External"/>`,
        ),
      },
    ),
  );
  return list;
}

/** The applications A3:I7 as an Excel table. */
export function tableXml(headers = ['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Startdatum', 'Slutdatum', 'Sökt belopp (kr)', 'Beslutsdatum', 'Förankrad']): string {
  return (
    `${XML_DECL}<table xmlns="${ns.MAIN}" id="1" name="Ansokningar" displayName="Ansokningar" ref="A3:I7" totalsRowShown="0">` +
    '<autoFilter ref="A3:I7"/>' +
    `<tableColumns count="${headers.length}">${headers.map((h, i) => `<tableColumn id="${i + 1}" name="${h}"/>`).join('')}</tableColumns>` +
    '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>'
  );
}
