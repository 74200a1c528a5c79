/* The public site's search, in the browser, offline, over the index of tawthiq.publish.search.index_files:
   search-index.js is a table of shards; a query loads, as <script> elements (a page opened from file:// cannot fetch
   a file), the shard of each of its words, finds the words that match in it with MiniSearch (by prefix from three
   letters, with one typo in five letters past four), and then the documents of the results it shows.
   normalise() is the twin of tawthiq.publish.search.normalise (the documents were written with it): tashkeel and
   tatweel dropped, أ إ آ ٱ -> ا, ى -> ي, ة -> ه, Latin lower case without accents; a word with the article "ال"
   is also looked for without it. Each word of a query must match (in any of its forms). */
(function () {
  "use strict";
  var TASHKEEL = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  var LETTERS = { "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
                  "\u0649": "\u064a", "\u0629": "\u0647" };
  var SPLIT = /[^\p{L}\p{N}_]+/u;
  function normalise(text) {
    text = text.replace(TASHKEEL, "").replace(/[\u0623\u0625\u0622\u0671\u0649\u0629]/g, function (c) { return LETTERS[c]; });
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  }
  function terms(text) {
    var out = [];
    normalise(text).split(SPLIT).forEach(function (word) {
      if (!word || word === "_") { return; }
      out.push(word);
      if (word.indexOf("\u0627\u0644") === 0 && word.length > 3) { out.push(word.slice(2)); }
    });
    return out;
  }
  window.TawthiqSearch = { normalise: normalise, terms: terms };

  var table = window.TAWTHIQ_SEARCH;
  var input = document.getElementById("query");
  var results = document.getElementById("results");
  var summary = document.getElementById("summary");
  var more = document.getElementById("more");
  if (!table || !window.MiniSearch || !input || !results) { return; }
  var SHOWN = 100;  // results shown at a time ("more" shows the next ones)
  var shards = {};  // key -> {terms: {term: postings}, finder: MiniSearch over the terms}
  var chunks = {};  // number -> [[id, title, place, date], ...]
  var loading = {};  // script path -> Promise
  window.TAWTHIQ_SEARCH_SHARD = function (found) { shards[found[0]] = { terms: found[1], finder: null }; };
  window.TAWTHIQ_SEARCH_DOCS = function (found) { chunks[found[0]] = found[1]; };

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = path;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("cannot load " + path)); };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }
  // The shards a word needs: the one whose key begins the word; for a prefix search also those whose key the word
  // begins (a letter split into longer keys).
  function keysFor(word) {
    var prefix = word.length >= table.prefix_from;
    return Object.keys(table.shards).filter(function (key) {
      return word.indexOf(key) === 0 || (prefix && key.indexOf(word) === 0);
    });
  }
  function finder(key) {
    var shard = shards[key];
    if (!shard.finder) {
      shard.finder = new MiniSearch({ idField: "t", fields: ["t"], tokenize: function (t) { return [t]; },
                                      processTerm: function (t) { return t; } });
      shard.finder.addAll(Object.keys(shard.terms).map(function (t) { return { t: t }; }));
    }
    return shard.finder;
  }
  function decode(postings) {
    var out = [], last = 0;
    postings.split(",").forEach(function (gap) { last += parseInt(gap, 36); out.push(last); });
    return out;
  }
  // The documents (numbers) holding a word in any of its forms.
  function matches(word, keys) {
    var found = {};
    var prefix = word.length >= table.prefix_from;
    keys.forEach(function (key) {
      var terms = shards[key].terms;
      var hits = finder(key).search(word, { prefix: prefix, fuzzy: word.length > 4 ? 0.2 : false });
      hits.forEach(function (hit) { decode(terms[hit.id]).forEach(function (n) { found[n] = true; }); });
    });
    return found;
  }
  function query(text) {
    var words = normalise(text).split(SPLIT).filter(function (w) { return w && w !== "_"; });
    if (!words.length) { return Promise.resolve([]); }
    var wanted = words.map(function (w) {
      var forms = [w];
      if (w.indexOf("\u0627\u0644") === 0 && w.length > 3) { forms.push(w.slice(2)); }
      return forms.map(function (form) { return { word: form, keys: keysFor(form) }; });
    });
    var paths = [];
    wanted.forEach(function (forms) {
      forms.forEach(function (f) { f.keys.forEach(function (k) { paths.push("search/" + table.shards[k]); }); });
    });
    return Promise.all(paths.map(load)).then(function () {
      var result = null;
      wanted.forEach(function (forms) {
        var any = {};
        forms.forEach(function (f) { Object.assign(any, matches(f.word, f.keys)); });
        result = result === null ? any : Object.keys(result).reduce(function (both, n) {
          if (any[n]) { both[n] = true; }
          return both;
        }, {});
      });
      return Object.keys(result).map(Number).sort(function (a, b) { return a - b; });  // newest first
    });
  }
  function documents(numbers) {
    var needed = {};
    numbers.forEach(function (n) { needed[Math.floor(n / table.chunk)] = true; });
    return Promise.all(Object.keys(needed).map(function (c) { return load("search/d-" + c + ".js"); })).then(function () {
      return numbers.map(function (n) { return chunks[Math.floor(n / table.chunk)][n % table.chunk]; });
    });
  }

  var current = 0, found = [], shown = 0;
  function append(docs) {
    docs.forEach(function (doc) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "incidents/" + doc[0] + ".html";
      link.textContent = doc[1];
      link.dir = "auto";
      item.appendChild(link);
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " " + [doc[3], doc[2]].filter(Boolean).join(" · ");
      item.appendChild(meta);
      results.appendChild(item);
    });
    shown += docs.length;
    if (more) { more.hidden = shown >= found.length; }
  }
  function next(run) {
    return documents(found.slice(shown, shown + SHOWN)).then(function (docs) { if (run === current) { append(docs); } });
  }
  function show(text) {
    var run = ++current;
    query(text).then(function (numbers) {
      return documents(numbers.slice(0, SHOWN)).then(function (docs) {
        if (run !== current) { return; }
        found = numbers;
        shown = 0;
        results.textContent = "";
        append(docs);
        summary.textContent = text.trim() ? (found.length ? summary.dataset.some + " " + found.length : summary.dataset.none) : "";
      });
    });
  }
  if (more) { more.addEventListener("click", function () { next(current); }); }
  var start = new URLSearchParams(window.location.search).get("q") || "";
  input.value = start;
  show(start);
  input.addEventListener("input", function () { show(input.value); });
}());
